/**
 * Worker thread entry of `npm run evtx-dump` on large files (parallel-dump.ts): parses the chunk
 * ranges it is sent and answers each with its text as UTF-8 bytes in a transferred ArrayBuffer
 * (no copy back to the main thread, which only writes them out in order) and the range's summary.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readEvtxFile } from './evtx-source';
import { chunkText, type DumpOptions } from './dump-text';
import type { DumpRequest, DumpResponse } from './parallel-dump';
import { settleDetachProtector } from './detach-protector';

if (parentPort) {
  // Its answers transfer their buffers: see detach-protector.ts.
  settleDetachProtector();
  const port = parentPort;
  const { file, options } = workerData as { file: string; options: DumpOptions };
  port.on('message', (req: DumpRequest) => {
    const parts: string[] = [];
    readEvtxFile(file, {
      from: req.from, to: req.to, xml: options.xml, objects: !options.xml, recover: options.recover,
      onChunk: (r) => { const t = chunkText(r, options); if (t) parts.push(t); },
    }).then(
      ({ summary }) => {
        const bytes = Buffer.from(parts.join(''), 'utf8');
        // Over 4 KiB a Buffer has an ArrayBuffer of its own, transferred as is; a small one sits in
        // Node's shared pool and is copied out (a few KiB).
        const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
        const buf = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
        port.postMessage({ seq: req.seq, bytes: buf, summary } satisfies DumpResponse, [buf]);
      },
      (err: unknown) => port.postMessage({ seq: req.seq, error: err instanceof Error ? err.message : String(err) } satisfies DumpResponse),
    );
  });
}
