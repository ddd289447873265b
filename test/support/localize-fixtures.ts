/**
 * Two small repositories for localization tests: a Go HTTP service whose handler delegates to a
 * helper in another package, and a TypeScript package with a mirrored spec/ tree. In each, a
 * task's words match only a caller (or a test), never the code that must change.
 */
import { WorkspaceIndex } from '../../server/context/index/workspace-index.js';
import { LanguageRegistry } from '../../server/syntax/languages.js';
import { workspacesRemovedAfterEach } from './workspace.js';

export const GO_SHOP: Record<string, string> = {
  'go.mod': 'module example.com/shop\n\ngo 1.19\n',
  'web/handlers.go': `package web

import (
	"io"

	"example.com/shop/greet"
)

// handleEcho answers the /echo route: it replies to the visitor with the current time.
func handleEcho(w io.Writer, visitor string) {
	greet.WriteGreeting(w, visitor)
}

// handleHealth answers the /health probe of the load balancer.
func handleHealth(w io.Writer) {
	io.WriteString(w, "ok")
}
`,
  'greet/greet.go': `package greet

import (
	"fmt"
	"io"
)

// WriteGreeting formats a salutation for who.
func WriteGreeting(w io.Writer, who string) {
	fmt.Fprintf(w, "hello %s", who)
}
`,
  'store/orders.go': `package store

// Order is what a customer bought.
type Order struct {
	ID    string
	Total int
}

// Save writes an order to disk.
func Save(o Order) error { return nil }
`,
  'store/orders_test.go': `package store

import "testing"

// TestRefundsRoundDown checks that partial refunds round down to whole cents.
func TestRefundsRoundDown(t *testing.T) {
	if err := Save(Order{ID: "a", Total: 3}); err != nil {
		t.Fatal(err)
	}
}
`,
  'store/inventory.go': `package store

// Stock counts the items left of a product.
func Stock(product string) int { return 0 }
`,
};

export const TS_LEDGER: Record<string, string> = {
  'package.json': '{ "name": "ledger", "type": "module", "devDependencies": { "vitest": "4.1.12" } }\n',
  'src/checkout.ts': `import { applyDiscount } from './pricing.js';

export interface Order {
  total: number;
  coupon?: string;
}

/** Places the customer's order at checkout and returns what they are charged. */
export function placeOrder(order: Order): number {
  return applyDiscount(order.total, order.coupon);
}
`,
  'src/pricing.ts': `/** Takes a coupon's percentage off. */
export function applyDiscount(amount: number, coupon?: string): number {
  return coupon ? amount * 0.9 : amount;
}
`,
  'src/ledger.ts': `/** Entries in the books, in the order they were booked. */
export class Ledger {
  private entries: number[] = [];

  book(entry: number): void {
    this.entries.push(entry);
  }

  sum(): number {
    return this.entries.reduce((a, b) => a + b, 0);
  }
}
`,
  'src/format.ts': `/** Writes a date as YYYY-MM-DD. */
export function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
`,
  'spec/ledger-spec.ts': `import { describe, expect, it } from 'vitest';
import { Ledger } from 'ledger';

/** Overdrawn accounts: a negative balance after each withdrawal. */
function overdrawnAccounts(): number[][] {
  return [[10, -20], [-1]];
}

describe('Ledger', () => {
  it('sums overdrawn accounts', () => {
    for (const entries of overdrawnAccounts()) {
      const ledger = new Ledger();
      for (const entry of entries) ledger.book(entry);
      expect(ledger.sum()).toBeLessThan(0);
    }
  });
});
`,
};

/**
 * An indexer of small fixture repositories for localization tests; call it at a test module's top
 * level, where it registers the removal of its workspaces after each test.
 */
export function fixtureIndexer(): (files: Record<string, string>) => Promise<WorkspaceIndex> {
  const languages = new LanguageRegistry();
  const workspace = workspacesRemovedAfterEach();
  return async (files) => {
    const index = new WorkspaceIndex(workspace(files), languages, () => ({ maxFileBytes: 100_000, maxFiles: 100 }));
    await index.build();
    return index;
  };
}
