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

export class SpillStore {
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'evtx-triage-merge-'));
  private readonly fd = openSync(path.join(this.dir, 'spill'), 'w+', 0o600);
  private end = 0;
  private closed = false;

  append(text: string): Spilled {
    const buf = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.end + done);
    const at = { offset: this.end, length: buf.length };
    this.end += buf.length;
    return at;
  }

  read(at: Spilled): string {
    const buf = Buffer.allocUnsafe(at.length);
    let done = 0;
    while (done < at.length) {
      const n = readSync(this.fd, buf, done, at.length - done, at.offset + done);
      if (n === 0) throw new Error('spill file ended early');
      done += n;
    }
    return buf.toString('utf8');
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.end;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
