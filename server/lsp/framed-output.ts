import { Writable } from 'node:stream';

/** What vscode-jsonrpc writes before each message: `Content-Length: N` and a blank line, ASCII. */
const HEADER = /^Content-Length: \d+\r\n\r\n$/;

/**
 * The connection's output stream: each message's header goes out with its body in one write. vscode-jsonrpc
 * writes the header, awaits it, then writes the body, so on a pipe every message cost two writes, and the
 * editor's side could wake for the header alone and again for the body. Only the header is held back, until
 * the body comes (one turn later); everything else is written through at once, in order.
 */
export class FramedOutput extends Writable {
  private header: Buffer | undefined;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    // The connection watches this stream, not stdout, for errors and for the editor closing the pipe.
    out.on('error', (error: Error) => this.destroy(error));
    out.on('close', () => this.destroy());
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.header === undefined && chunk.length < 64 && HEADER.test(chunk.toString('latin1'))) {
      this.header = chunk;
      callback();
      return;
    }
    const whole = this.header ? Buffer.concat([this.header, chunk]) : chunk;
    this.header = undefined;
    this.out.write(whole, (error) => callback(error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.header) this.out.write(this.header);
    this.header = undefined;
    callback();
  }
}
