/**
 * Text kept on disk instead of in memory: a temporary file that strings are appended to and read
 * back by (offset, length). The merge keeps each finding's descriptive part (pivots, timeline,
 * process, message: most of its bytes) here, so its memory is the findings' small keys, not their
 * documents. The file is made private in the OS temp folder and removed by `close()`.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Spilled { offset: number; length: number }

/** Appends are gathered up to this many bytes before one write. */
const BATCH_BYTES = 1 << 20;

export class SpillStore {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'evtx-triage-merge-'));
  private readonly fd = openSync(path.join(this.dir, 'spill'), 'w+', 0o600);
  /** Bytes on disk; the pending batch follows them. */
  private flushed = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private closed = false;

  append(text: string): Spilled {
    const buf = Buffer.from(text, 'utf8');
    const at = { offset: this.flushed + this.pendingBytes, length: buf.length };
    this.pending.push(buf);
    this.pendingBytes += buf.length;
    if (this.pendingBytes >= BATCH_BYTES) this.flush();
    return at;
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const buf = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.flushed + done);
    this.flushed += buf.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  read(at: Spilled): string {
    if (at.offset + at.length > this.flushed) this.flush();
    const buf = Buffer.allocUnsafe(at.length);
    let done = 0;
    while (done < at.length) {
      const n = readSync(this.fd, buf, done, at.length - done, at.offset + done);
      if (n === 0) throw new Error('spill file ended early');
      done += n;
    }
    return buf.toString('utf8');
  }

  /** Bytes stored so far. */
  get bytes(): number {
    return this.flushed + this.pendingBytes;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pending = [];
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
