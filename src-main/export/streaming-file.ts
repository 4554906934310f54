/**
 * An output written as it is produced: text goes to a temporary file beside the target (`tempPathFor` of
 * output/output-files.ts, as `writeFileAtomic` names it) and is renamed into place by `commit`, so a
 * reader never sees a half-written export, and `abort` leaves nothing behind. Memory is bounded:
 * text is buffered up to `flushBytes` and then written before `write` resolves, so a caller that
 * awaits `write` (the worker pool's batch handler does: backpressure) holds at most one buffer.
 * Writes from concurrent callers are serialised in call order.
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { tempPathFor } from '../output/output-files';

const DEFAULT_FLUSH_BYTES = 1 << 20;

export class StreamingFile {
  private buffer: string[] = [];
  private buffered = 0;
  private chain: Promise<void> = Promise.resolve();
  private state: 'open' | 'committed' | 'aborted' = 'open';
  /** Characters handed to `write` (UTF-16 code units; the file holds their UTF-8 bytes). */
  written = 0;

  private constructor(readonly target: string, private readonly tmp: string, private readonly fh: FileHandle, private readonly flushBytes: number) {}

  /** Opens the temporary file (exclusive create). `target` must have passed `checkOutputPath`. */
  static async open(target: string, flushBytes = DEFAULT_FLUSH_BYTES): Promise<StreamingFile> {
    const tmp = tempPathFor(target);
    const fh = await open(tmp, 'wx', 0o644);
    return new StreamingFile(target, tmp, fh, flushBytes);
  }

  /** Appends `text`; resolves once it is buffered or, when the buffer is full, written. */
  write(text: string): Promise<void> {
    if (this.state !== 'open') return Promise.reject(new Error(`the export ${this.target} is already ${this.state}`));
    this.buffer.push(text);
    this.buffered += text.length;
    this.written += text.length;
    return this.buffered >= this.flushBytes ? this.flush() : this.chain;
  }

  private flush(): Promise<void> {
    const text = this.buffer.join('');
    this.buffer = [];
    this.buffered = 0;
    this.chain = this.chain.then(async () => { if (text.length > 0) await this.fh.write(text, null, 'utf8'); });
    return this.chain;
  }

  /** Writes the rest, syncs, closes and renames the temporary file onto the target. */
  async commit(): Promise<void> {
    if (this.state !== 'open') throw new Error(`the export ${this.target} is already ${this.state}`);
    try {
      await this.flush();
      await this.fh.sync();
      await this.fh.close();
      await rename(this.tmp, this.target);
      this.state = 'committed';
    } catch (err) {
      await this.abort();
      throw err;
    }
  }

  /** Drops the temporary file (the target keeps whatever it held before). Safe to call twice. */
  async abort(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'aborted';
    this.buffer = [];
    await this.chain.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
  }
}
