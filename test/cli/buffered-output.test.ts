/**
 * evtx-dump's output buffers (src-main/cli/buffered-output.ts): the bytes are exactly those of
 * writing each line and a newline to the stream, in order with raw byte writes; a buffer is never
 * refilled before the stream has called back for it; memory stays at two buffers; a failing
 * stream stops the output without hanging.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BufferedOutput } from '../../src-main/cli/buffered-output';

/**
 * A stream that calls back on a later turn and keeps a copy of each chunk made at that moment:
 * a buffer refilled before its write was called back shows up as different bytes.
 */
function slowSink(opts: { failAtWrite?: number } = {}) {
  const got: Buffer[] = [];
  let writes = 0;
  let maxQueued = 0;
  const stream = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _enc, cb) {
      writes++;
      maxQueued = Math.max(maxQueued, stream.writableLength);
      setImmediate(() => {
        if (opts.failAtWrite !== undefined && writes >= opts.failAtWrite) { cb(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })); return; }
        got.push(Buffer.from(chunk));
        cb();
      });
    },
  });
  stream.on('error', () => {});
  return { stream, bytes: () => Buffer.concat(got), writes: () => writes, maxQueued: () => maxQueued };
}

async function writeLines(out: BufferedOutput, lines: string[]): Promise<void> {
  for (const l of lines) {
    const ok = out.line(l);
    if (ok !== true) expect(await ok).toBe(true);
  }
}

const MIXED = ['plain', '', 'é and ü', '日本語のログ', 'emoji 🦀 pair', 'lone \ud800 surrogate', 'tab\tand "quotes"', 'x'.repeat(50)];

describe('BufferedOutput', () => {
  it('writes exactly the UTF-8 of each line and a newline, through buffers much smaller than the text', async () => {
    const sink = slowSink();
    const out = new BufferedOutput(sink.stream, 64);
    const lines = Array.from({ length: 400 }, (_, i) => `${i} ${MIXED[i % MIXED.length]}`);
    await writeLines(out, lines);
    expect(await out.end()).toBe(true);
    expect(sink.bytes().equals(Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8'))).toBe(true);
    expect(sink.writes()).toBeGreaterThan(10);
    // never more than the two buffers in flight: one being written, one queued behind it
    expect(sink.maxQueued()).toBeLessThanOrEqual(2 * 64);
  });

  it('writes a line longer than a buffer alone, in order', async () => {
    const sink = slowSink();
    const out = new BufferedOutput(sink.stream, 32);
    const lines = ['short', 'ß'.repeat(100), 'after', '🦀'.repeat(40), 'end'];
    await writeLines(out, lines);
    await out.end();
    expect(sink.bytes().toString('utf8')).toBe(lines.map((l) => `${l}\n`).join(''));
  });

  it('keeps raw byte writes in order with the buffered lines', async () => {
    const sink = slowSink();
    const out = new BufferedOutput(sink.stream, 64);
    await writeLines(out, ['a', 'b']);
    expect(await out.bytes(new TextEncoder().encode('raw1\nraw2\n'))).toBe(true);
    await writeLines(out, ['c']);
    expect(await out.bytes(new Uint8Array(0))).toBe(true);
    await writeLines(out, ['d']);
    await out.end();
    expect(sink.bytes().toString('utf8')).toBe('a\nb\nraw1\nraw2\nc\nd\n');
  });

  it('answers false once the stream fails (EPIPE) and never hangs', async () => {
    const sink = slowSink({ failAtWrite: 2 });
    const out = new BufferedOutput(sink.stream, 32);
    let stoppedAt = -1;
    for (let i = 0; i < 1000; i++) {
      const r = out.line(`line ${i} ${'z'.repeat(10)}`);
      if (r === false || (r !== true && !(await r))) { stoppedAt = i; break; }
    }
    expect(stoppedAt).toBeGreaterThan(0);
    expect(stoppedAt).toBeLessThan(20);
    expect(out.ok).toBe(false);
    expect(await out.end()).toBe(false);
    expect(await out.bytes(new Uint8Array([1]))).toBe(false);
    expect(out.line('more')).toBe(false);
  });

  it('refuses a buffer too small to hold a line', () => {
    expect(() => new BufferedOutput(slowSink().stream, 4)).toThrow(RangeError);
  });
});
