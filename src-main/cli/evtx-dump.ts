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
import { chunkText } from '../evidence-reading/dump-text';
import { dumpInWorkers, dumpWorkersFor } from '../evidence-reading/parallel-dump';

const USAGE = 'usage: evtx-dump FILE [--xml] [--recover] [--workers N]';
/** More workers than this buys nothing on one file (and each costs a thread and its start-up). */
const MAX_WORKERS = 16;
const MAX_LISTED = 50;

/** Resolves on 'drain', 'error' or 'close' (never rejects: EPIPE is handled by the error listener). */
function writable(out: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('error', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('error', done);
    out.on('close', done);
  });
}

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
  let broken = false;
  out.on('error', (e: NodeJS.ErrnoException) => {
    broken = true;
    if (e.code !== 'EPIPE') process.stderr.write(`evtx-dump: stdout: ${e.message}\n`);
  });
  const write = async (data: string | Uint8Array): Promise<boolean> => {
    if (broken) return false; // reader went away (EPIPE): stop reading
    if (data.length > 0 && !out.write(data)) await writable(out);
    return !broken;
  };
  const onChunk = (r: ChunkResult): Promise<boolean> => write(chunkText(r, { xml, recover }));
  let s: EvtxSummary;
  try {
    let slots = 0;
    try { slots = chunkSlotCount(statSync(file).size); } catch { /* the read below names the error */ }
    const threads = dumpWorkersFor(slots, workers);
    s = threads > 1
      ? await dumpInWorkers(file, { xml, recover }, threads, write)
      : (await readEvtxFile(file, { xml, objects: !xml, recover, onChunk })).summary;
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    process.stderr.write(`evtx-dump: ${consoleText(file)}: ${consoleText(msg)}\n`);
    return 1;
  }
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
  if (!broken && out.writableLength > 0) await writable(out);
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
