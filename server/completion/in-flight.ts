/**
 * At most one completion per document: a new request for a document aborts the one before it,
 * which closes that request's HTTP connection to the model server.
 */
export class InFlight {
  private readonly current = new Map<string, AbortController>();

  /** Starts a request for `uri`, superseding any earlier one; the returned signal also follows `parent`. */
  begin(uri: string, parent: AbortSignal): { signal: AbortSignal; end: () => void } {
    this.current.get(uri)?.abort(new DOMException('superseded by a newer request', 'AbortError'));
    const controller = new AbortController();
    this.current.set(uri, controller);
    const signal = AbortSignal.any([parent, controller.signal]);
    const end = () => {
      if (this.current.get(uri) === controller) this.current.delete(uri);
    };
    return { signal, end };
  }

  cancel(uri: string): void {
    this.current.get(uri)?.abort(new DOMException('document closed', 'AbortError'));
    this.current.delete(uri);
  }

  cancelAll(): void {
    for (const controller of this.current.values()) controller.abort(new DOMException('shutting down', 'AbortError'));
    this.current.clear();
  }
}
