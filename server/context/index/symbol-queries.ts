import type { Steps } from '../../util/steps.js';
import { SymbolTable, type DeclarationRef } from './symbol-table.js';
import type { UsageCounts } from './usage.js';

/**
 * What the workspace index answers about its symbols: declarations by name and by member name, callers, usage
 * counts and BM25 over declaration chunks. The index (workspace-index.ts) keeps the table current.
 */
export class SymbolQueries {
  protected readonly symbols = new SymbolTable();

  /** How often names are used, for ranking APIs nothing at the cursor names. */
  get usage(): UsageCounts {
    return this.symbols.usage;
  }

  declarationsNamed(name: string): readonly DeclarationRef[] {
    return this.symbols.declarationsNamed(name);
  }

  /** Top-level (not member) declarations named `name` in the files of directory `dir`, in {@link declarationsNamed}'s order. */
  topLevelNamedIn(dir: string, name: string): readonly DeclarationRef[] {
    return this.symbols.topLevelNamedIn(dir, name);
  }

  /** Functions whose bodies call `callee` (`name` or `q.name`, as extractCalls writes it). */
  callersOf(callee: string): readonly DeclarationRef[] {
    return this.symbols.callersOf(callee);
  }

  /** How many indexed functions call anything: the size of the call graph. */
  get functionsWithCalls(): number {
    return this.symbols.functionsWithCalls;
  }

  /** Types, classes and objects that have a field, method or property of this name. */
  containersOfMember(name: string): readonly DeclarationRef[] {
    return this.symbols.containersOfMember(name);
  }

  /**
   * BM25 over declaration chunks. The pending chunks are indexed first, unless there are more than `maxBacklog` (a
   * build's, on the keystroke path): those are left to slices of a few milliseconds and the search answers without them.
   */
  searchChunks(terms: readonly string[], limit: number, options: { maxBacklog?: number } = {}): Array<DeclarationRef & { score: number }> {
    return this.symbols.searchChunks(terms, limit, options);
  }

  /** Indexes the BM25 chunks ahead of the first search, in slices that let requests through. */
  warmSearch(signal?: AbortSignal): Promise<void> {
    return this.symbols.warmSearch(signal);
  }

  /**
   * Applies the BM25 chunks a few updates added or discarded, when there are at most `max` (else `warmSearch`'s
   * slices do it), starting now, in slices of a few milliseconds: an edit that leaves a bracket open turns the
   * rest of a Go file into one declaration, and discarding 300 chunks and adding them back took 20–35 ms in one
   * turn. A query before the last slice applies what is left itself.
   */
  warmSearchNow(max: number): void {
    this.symbols.warmSearchNow(max);
  }

  /** The pending BM25 chunks applied as steps of a few each, when there are at most `max` (a build's are left to warmSearch). */
  searchSteps(max: number): Steps<void> {
    return this.symbols.searchSteps(max);
  }
}
