import type { ImportRecord, ImportResolver } from '../../syntax/imports.js';
import type { FileRecord } from './file-record.js';

/** One import of a file with the workspace files it resolves to. */
export interface ResolvedImport {
  record: ImportRecord;
  targets: string[];
}

interface Resolved {
  epoch: number;
  entries: readonly ResolvedImport[];
  files?: ReadonlySet<string>;
}

const NO_FILES: ReadonlySet<string> = new Set();

/**
 * A file's imports resolved, kept per record until the resolver forgets its resolutions (a file
 * added or removed, a package clause or a manifest changed): the context sources ask for the
 * imports of every file a candidate comes from, many times per gather.
 */
export class ResolvedImports {
  private readonly known = new WeakMap<FileRecord, Resolved>();

  constructor(private readonly resolver: ImportResolver) {}

  entries(file: FileRecord | undefined): readonly ResolvedImport[] {
    return file ? this.resolved(file).entries : [];
  }

  /** Every file the imports of `file` resolve to. */
  files(file: FileRecord | undefined): ReadonlySet<string> {
    if (!file) return NO_FILES;
    const resolved = this.resolved(file);
    return (resolved.files ??= new Set(resolved.entries.flatMap((entry) => entry.targets)));
  }

  private resolved(file: FileRecord): Resolved {
    const known = this.known.get(file);
    if (known && known.epoch === this.resolver.epoch) return known;
    const entries = file.imports.map((record) => ({ record, targets: this.resolver.resolve(file.path, record, file.languageId) }));
    const resolved: Resolved = { epoch: this.resolver.epoch, entries };
    this.known.set(file, resolved);
    return resolved;
  }
}
