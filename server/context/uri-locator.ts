import { locateFile, type WorkspaceIndex } from './index/workspace-index.js';

/** Where a URI lies, remembered per folder list (it is asked on every keystroke, and parsing a file URI is not free). */
export class UriLocator {
  private located: { folders: readonly WorkspaceIndex[]; byUri: Map<string, { index: WorkspaceIndex; file: string } | undefined> } = { folders: [], byUri: new Map() };

  /** The index holding `uri` and the file's path in it, if any. `indexes` is replaced, never changed in place, when folders come and go. */
  locate(indexes: readonly WorkspaceIndex[], uri: string): { index: WorkspaceIndex; file: string } | undefined {
    if (this.located.folders !== indexes || this.located.byUri.size > 1000) this.located = { folders: indexes, byUri: new Map() };
    const { byUri } = this.located;
    if (!byUri.has(uri)) byUri.set(uri, locateFile(indexes, uri));
    return byUri.get(uri);
  }
}
