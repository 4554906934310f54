/**
 * `npm run evtx-dump -- FILE [--xml] [--recover] [--workers N]`: one JSON object per record per
 * line on stdout (the RawEvent keys at top level), or Event XML with `--xml`; a summary on stderr.
 * `--recover` adds records recovered from chunk slack, marked `"Recovered": true` (XML: a comment
 * before). `--workers N` (N > 1) parses in N worker threads, written in slot order: the same bytes
 * as the default read in this thread.
 * Exit 0 when the file was read (even with damaged records), 1 when it is not EVTX or cannot be
 * opened, 2 on usage errors. Honours stdout backpressure and stops quietly on EPIPE.
 */
import { statSync } from 'node:fs';
import { consoleError, consoleText } from './console-text';
import { readEvtxFile } from '../evidence-reading/evtx-source';
import { chunkSlotCount, type ChunkResult, type EvtxSummary } from '../ingest/evtx/index';
import { chunkLines } from '../evidence-reading/dump-text';
import { BufferedOutput } from './buffered-output';
import { dumpInWorkers, dumpWorkersFor } from '../evidence-reading/parallel-dump';

const USAGE = 'usage: evtx-dump FILE [--xml] [--recover] [--workers N]';
/** More workers than this buys nothing on one file (and each costs a thread and its start-up). */
const MAX_WORKERS = 16;
const MAX_LISTED = 50;

async function main(argv: string[]): Promise<number> {
  let xml = false;
  let recover = false;
  let workers: number | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--workers') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
        process.stderr.write(`evtx-dump: --workers takes a whole number from 1 to ${MAX_WORKERS}\n${USAGE}\n`);
        return 2;
      }
      workers = n;
    } else if (a === '--xml') xml = true;
    else if (a === '--recover') recover = true;
    else if (a === '-h' || a === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`evtx-dump: unknown option ${consoleText(a)}\n${USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    process.stderr.write(`evtx-dump: expected exactly one FILE\n${USAGE}\n`);
    return 2;
  }
  const file = files[0]!;
  const out = process.stdout;
  out.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`evtx-dump: stdout: ${e.message}\n`);
  });
  // Lines are encoded into reused buffers, one write per MiB; false once the reader went away (EPIPE): stop reading.
  const sink = new BufferedOutput(out);
  const onChunk = async (r: ChunkResult): Promise<boolean> => {
    for (const line of chunkLines(r, { xml, recover })) {
      const ok = sink.line(line);
      if (ok !== true && !(await ok)) return false;
    }
    return sink.ok;
  };
  let s: EvtxSummary;
  try {
    let slots = 0;
    try { slots = chunkSlotCount(statSync(file).size); } catch { /* the read below names the error */ }
    const threads = dumpWorkersFor(slots, workers);
    s = threads > 1
      ? await dumpInWorkers(file, { xml, recover }, threads, (bytes) => sink.bytes(bytes))
      : (await readEvtxFile(file, { xml, objects: !xml, recover, onChunk })).summary;
  } catch (e) {
    await sink.end(); // the records before a range that failed to read
    const msg = (e as Error).message.split('\n')[0];
    process.stderr.write(`evtx-dump: ${consoleText(file)}: ${consoleText(msg)}\n`);
    return 1;
  }
  await sink.end(); // every record is out before the summary
  const err = process.stderr;
  for (const w of s.warnings.slice(0, MAX_LISTED)) err.write(`warning ${w.code} ${consoleText(JSON.stringify(w.context))}: ${consoleText(w.message)}\n`);
  if (s.warnings.length > MAX_LISTED) err.write(`… ${s.warnings.length - MAX_LISTED} more warning(s)\n`);
  for (const e of s.errors.slice(0, MAX_LISTED)) err.write(`error ${e.code} ${consoleText(JSON.stringify(e.context))}: ${consoleText(e.message)}\n`);
  if (s.errors.length > MAX_LISTED) err.write(`… ${s.errors.length - MAX_LISTED} more error(s)\n`);
  err.write(
    `evtx-dump: ${consoleText(file)}: ${s.recordsOk} records ok, ${s.recordsFailed} failed, ` +
      (recover ? `${s.recordsRecovered} recovered, ` : '') + `${s.chunksRead} chunks read, ` +
      `${s.chunksSkipped} skipped, ${s.chunksEmpty} empty, ${s.warnings.length} warning(s)\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`evtx-dump: ${consoleError(e)}\n`);
    process.exitCode = 1;
  },
);
