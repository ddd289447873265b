import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { SecurityReport } from '../actions/types.js';
import type { DocumentStore } from '../documents/document-store.js';

/** Quiet time after an edit before tracked code is looked for again: the search reads the whole text. */
const REFRESH_AFTER_MS = 150;

interface Tracked {
  report: SecurityReport;
  /** Once the inserted text has been seen in the document, its disappearing means it was undone or rewritten. */
  seen: boolean;
}

/**
 * Security findings in generated code, shown as warnings on the inserted code once the editor has
 * applied the edit, and kept on it while that code is unchanged in the document.
 */
export class SecurityDiagnostics {
  private readonly tracked = new Map<string, Tracked[]>();
  private readonly published = new Map<string, string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: { connection: Connection; documents: DocumentStore }) {}

  /** Starts following the inserted text of an edit that has findings. */
  expect(report: SecurityReport | undefined): void {
    if (!report || report.findings.length === 0) return;
    const list = this.tracked.get(report.uri) ?? [];
    list.push({ report, seen: false });
    this.tracked.set(report.uri, list.slice(-20));
    this.refresh(report.uri);
  }

  /** A document changed: re-locate its tracked code once typing pauses, never on the keystroke itself. */
  changed(uri: string): void {
    if (!this.tracked.has(uri)) return;
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.refresh(uri);
      }, REFRESH_AFTER_MS),
    );
  }

  /** Re-locates the tracked code after a change and publishes where its findings are now. */
  refresh(uri: string): void {
    const list = this.tracked.get(uri);
    const entry = this.options.documents.get(uri);
    if (!list || !entry) return;
    const text = entry.document.getText();
    const diagnostics: Diagnostic[] = [];
    const kept: Tracked[] = [];
    for (const tracked of list) {
      const at = text.indexOf(tracked.report.insertedText);
      if (at < 0) {
        if (!tracked.seen) kept.push(tracked);
        continue;
      }
      tracked.seen = true;
      kept.push(tracked);
      for (const finding of tracked.report.findings) {
        diagnostics.push({
          range: { start: entry.document.positionAt(at + finding.start), end: entry.document.positionAt(at + finding.end) },
          severity: DiagnosticSeverity.Warning,
          source: 'ghostline',
          code: finding.rule,
          message: `Generated code: ${finding.message}. Review it before keeping it.`,
        });
      }
    }
    this.tracked.set(uri, kept);
    this.publish(uri, diagnostics);
  }

  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.tracked.delete(uri);
    this.publish(uri, []);
  }

  private publish(uri: string, diagnostics: Diagnostic[]): void {
    const key = JSON.stringify(diagnostics);
    if ((this.published.get(uri) ?? '[]') === key) return;
    this.published.set(uri, key);
    void this.options.connection.sendDiagnostics({ uri, diagnostics });
  }
}
