/**
 * `npm run evtx-dump -- FILE [--xml] [--recover]`: one JSON object per record per line on stdout
 * (the RawEvent keys at top level), or Event XML with `--xml`; a summary on stderr. `--recover`
 * adds records recovered from chunk slack, marked `"Recovered": true` (XML: a comment before).
 * Exit 0 when the file was read (even with damaged records), 1 when it is not EVTX or cannot be
 * opened, 2 on usage errors. Honours stdout backpressure and stops quietly on EPIPE.
 */
import { consoleError, consoleText } from './console-text';
import { readEvtxFile } from '../evidence-reading/evtx-source';
import type { ChunkResult } from '../ingest/evtx/index';

const USAGE = 'usage: evtx-dump FILE [--xml] [--recover]';
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
  const files: string[] = [];
  for (const a of argv) {
    if (a === '--xml') xml = true;
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
  const onChunk = async (r: ChunkResult): Promise<boolean> => {
    if (broken) return false; // reader went away (EPIPE): stop reading
    const lines = xml ? [...r.xml] : r.records.map((e) => JSON.stringify(e));
    // recovered records (slack / older generation) are marked: a comment in XML, a key in JSON
    if (recover) {
      if (xml) for (const x of r.recoveredXml) lines.push(`<!-- recovered -->\n${x}`);
      else for (const e of r.recovered) lines.push(JSON.stringify({ ...e, Recovered: true }));
    }
    if (lines.length === 0) return true;
    if (!out.write(lines.join('\n') + '\n')) await writable(out);
    return !broken;
  };
  let res;
  try {
    res = await readEvtxFile(file, { xml, objects: !xml, recover, onChunk });
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    process.stderr.write(`evtx-dump: ${consoleText(file)}: ${consoleText(msg)}\n`);
    return 1;
  }
  const s = res.summary;
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
