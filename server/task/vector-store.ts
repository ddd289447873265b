import { createHash } from 'node:crypto';
import { lstat, mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The file's first bytes: what it is and its layout's version. */
const MAGIC = 'GLVEC1\n';
/** A larger file is not read (about 170,000 vectors of 768 dimensions). */
const MAX_STORE_BYTES = 512 * 1024 * 1024;
/** Vectors copied into one write (6 MB at 768 numbers), the event loop turning between writes. */
const VECTORS_PER_WRITE = 2048;

/**
 * Embedding vectors of a workspace's declarations for one model, by a hash of the text embedded, kept
 * beside the index cache (never in the workspace). Vectors are stored unit length, so a dot product is
 * their cosine. Layout: MAGIC, a 4-byte length, a JSON header ({model, dimensions, hashes}), then the
 * float32 vectors in the header's order. A file that cannot be read is an empty store.
 */
export class VectorStore {
  private constructor(
    readonly file: string,
    readonly model: string,
    private vectors: Map<string, Float32Array>,
    private dimensions: number,
  ) {}

  /** Where a workspace's vectors for a model live: beside the index cache, named by hashes of both. */
  static fileFor(cacheDir: string, root: string, model: string): string {
    const hash = (text: string) => createHash('sha1').update(text).digest('hex').slice(0, 16);
    return join(cacheDir, `vectors-${hash(root)}-${hash(model)}.bin`);
  }

  static async open(file: string, model: string): Promise<VectorStore> {
    const empty = new VectorStore(file, model, new Map(), 0);
    try {
      const info = await lstat(file);
      if (!info.isFile() || info.size > MAX_STORE_BYTES) return empty;
      const decoded = decode(model, await readFile(file));
      return decoded ? new VectorStore(file, model, decoded.vectors, decoded.dimensions) : empty;
    } catch {
      return empty;
    }
  }

  get size(): number {
    return this.vectors.size;
  }

  get(hash: string): Float32Array | undefined {
    return this.vectors.get(hash);
  }

  /** Adds a vector (made unit length); a vector of other dimensions than the store's empties it first (the model changed). */
  put(hash: string, vector: readonly number[]): void {
    if (vector.length !== this.dimensions) {
      this.vectors = new Map();
      this.dimensions = vector.length;
    }
    this.vectors.set(hash, unit(vector));
  }

  /** Writes the vectors of `keep` (the hashes still in the workspace) atomically. */
  async save(keep: ReadonlySet<string>): Promise<void> {
    const hashes = [...this.vectors.keys()].filter((hash) => keep.has(hash));
    // Padded with spaces so the vectors start at a multiple of 4 bytes: a reader can then view them without copying.
    const json = JSON.stringify({ model: this.model, dimensions: this.dimensions, hashes });
    const header = Buffer.from(json.padEnd(json.length + ((4 - ((MAGIC.length + 4 + Buffer.byteLength(json)) % 4)) % 4)));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.write(Buffer.concat([Buffer.from(MAGIC), length, header]));
      // The vectors a chunk at a time, each chunk's copy between two writes: 30,000 of 768 numbers are 92 MB.
      for (let from = 0; from < hashes.length; from += VECTORS_PER_WRITE) {
        const chunk = hashes.slice(from, from + VECTORS_PER_WRITE).map((hash) => {
          const vector = this.vectors.get(hash)!;
          return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
        });
        await handle.write(Buffer.concat(chunk));
      }
    } finally {
      await handle.close();
    }
    await rename(temporary, this.file);
  }
}

/** The vectors of a store file for `model`, a view of the file's bytes each (30,000 in a few ms); undefined when the file is not one, or is another model's. */
function decode(model: string, bytes: Buffer): { vectors: Map<string, Float32Array>; dimensions: number } | undefined {
  if (bytes.subarray(0, MAGIC.length).toString() !== MAGIC) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const start = MAGIC.length + 4;
  const header = JSON.parse(bytes.subarray(start, start + headerLength).toString()) as { model?: unknown; dimensions?: unknown; hashes?: unknown };
  const { dimensions, hashes } = header;
  if (header.model !== model || typeof dimensions !== 'number' || !Array.isArray(hashes)) return undefined;
  const body = start + headerLength;
  if (bytes.length !== body + hashes.length * dimensions * 4) return undefined;
  const vectors = new Map<string, Float32Array>();
  for (const [i, hash] of hashes.entries()) {
    const at = bytes.byteOffset + body + i * dimensions * 4;
    // A view of the file's bytes where they are aligned for floats (files this class writes), else a copy.
    const view = at % 4 === 0 ? new Float32Array(bytes.buffer, at, dimensions) : new Float32Array(bytes.buffer.slice(at, at + dimensions * 4));
    vectors.set(String(hash), view);
  }
  return { vectors, dimensions };
}

/** The vector scaled to length 1 (a zero vector stays zero). */
export function unit(vector: readonly number[]): Float32Array {
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  return Float32Array.from(vector, (x) => (norm > 0 ? x / norm : 0));
}
