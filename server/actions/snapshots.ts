import { LRUCache } from 'lru-cache';

/**
 * The text of documents at the versions actions were offered for. An action resolved after the
 * user typed is still computed against the text it was offered on and carries that version, so
 * the editor rejects it instead of applying it to text it was not made for.
 */
export class Snapshots {
  private readonly texts: LRUCache<string, string>;

  constructor(max = 32) {
    this.texts = new LRUCache({ max });
  }

  remember(uri: string, version: number, text: string): void {
    this.texts.set(key(uri, version), text);
  }

  get(uri: string, version: number): string | undefined {
    return this.texts.get(key(uri, version));
  }

  forget(uri: string): void {
    for (const k of [...this.texts.keys()]) if (k.endsWith(`\u0000${uri}`)) this.texts.delete(k);
  }
}

function key(uri: string, version: number): string {
  return `${version}\u0000${uri}`;
}
