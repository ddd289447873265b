/**
 * Orders the file-system events of one workspace folder. Reading a file is asynchronous, so a
 * later event for the same file, or the deletion of a folder holding it, can be handled while the
 * read is in flight; what that read returns is then stale and must not reach the index.
 */
export class DiskEventOrder {
  private sequence = 0;
  /** The latest event per file path, and per deleted folder as `folder/`. */
  private readonly latest = new Map<string, number>();

  /** Starts handling an event for `path`; the ticket says whether a later event overtook it. */
  begin(path: string): number {
    const ticket = ++this.sequence;
    this.latest.set(path, ticket);
    return ticket;
  }

  /** A file was deleted (and forgotten at once): a read of it in flight is stale. */
  deleted(path: string): void {
    this.latest.delete(path);
  }

  /** A folder was deleted: every read in flight under it is stale. */
  folderDeleted(folder: string): void {
    this.latest.set(`${folder}/`, ++this.sequence);
  }

  /** Whether the event that got `ticket` is still the latest word on `path`. */
  current(path: string, ticket: number): boolean {
    if (this.latest.get(path) !== ticket) return false;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) {
      const deleted = this.latest.get(path.slice(0, slash + 1));
      if (deleted !== undefined && deleted > ticket) return false;
    }
    return true;
  }

  /** The event for `path` is handled; forgets it unless a later one is in flight. */
  end(path: string, ticket: number): void {
    if (this.latest.get(path) === ticket) this.latest.delete(path);
  }
}
