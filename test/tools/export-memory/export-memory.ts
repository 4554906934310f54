/**
 * The CLI's JSON and CSV export of a case with N findings, for `/usr/bin/time -v` (peak RSS, time):
 *
 *   /usr/bin/time -v npx tsx test/tools/export-memory/export-memory.ts 100000 /tmp/out [--mode stream|string|none]
 *
 * `stream` (default) writes as `npm run triage -- --json --csv` does now (triageDocumentJson and
 * findingsCsvLines through writeFileAtomicFrom); `string` as it did before (the whole JSON text
 * and the whole CSV text in memory, then writeFileAtomic); `none` only builds the run, the
 * baseline both share. The run is test/cli/synthetic-run.ts's (real findings of the built-in rule,
 * with their pivots: about 4 KB of JSON a finding). Results: notes/trust-measurements.md.
 */
import path from 'node:path';
import { writeFileAtomic, writeFileAtomicFrom } from '../../../src-main/output/output-files';
import { findingsCsv, findingsCsvLines } from '../../../src-main/output/findings-csv';
import { buildTriageDocument, triageDocumentJson } from '../../../src-main/case/triage-document';
import { syntheticRun } from '../../cli/synthetic-run';

async function main(): Promise<void> {
  const [countArg, outDir] = process.argv.slice(2);
  const modeAt = process.argv.indexOf('--mode');
  const mode = modeAt >= 0 ? process.argv[modeAt + 1] : 'stream';
  const count = Number(countArg);
  if (!Number.isInteger(count) || count < 0 || !outDir || !['stream', 'string', 'none'].includes(mode ?? '')) {
    console.error('usage: export-memory.ts COUNT OUT_DIR [--mode stream|string|none]');
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const run = syntheticRun(count);
  const built = performance.now();
  const rssAfterRun = process.memoryUsage().rss;
  const json = path.resolve(outDir, `findings-${count}.json`);
  const csv = path.resolve(outDir, `findings-${count}.csv`);
  const generated = new Date();
  if (mode === 'stream') {
    await writeFileAtomicFrom(json, triageDocumentJson(run, generated));
    await writeFileAtomicFrom(csv, findingsCsvLines(run.scan.findings));
  } else if (mode === 'string') {
    await writeFileAtomic(json, JSON.stringify(buildTriageDocument(run, generated), null, 2) + '\n');
    await writeFileAtomic(csv, findingsCsv(run.scan.findings));
  }
  const mb = (n: number) => (n / 1048576).toFixed(0);
  console.log(`${count} findings, mode ${mode}: run built in ${(built - started).toFixed(0)} ms (RSS then ${mb(rssAfterRun)} MB), `
    + `written in ${(performance.now() - built).toFixed(0)} ms; peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exitCode = 1;
});
