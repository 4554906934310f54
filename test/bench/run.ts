/**
 * `npm run bench [-- --quick] [--write]`: runs every benchmark section and prints markdown
 * tables. `--quick` skips the ≥ 1 GiB generated workload; `--write` also saves the tables to
 * test/bench/RESULTS.md. Add a workload by adding a section below (each returns markdown).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runEvtxBench } from './evtx';

interface Section {
  title: string;
  run: (opts: { large: boolean; log: (s: string) => void }) => Promise<string>;
}

const SECTIONS: Section[] = [
  { title: 'EVTX parser (issue 3)', run: runEvtxBench },
];

async function main(): Promise<void> {
  const large = !process.argv.includes('--quick');
  const log = (s: string) => process.stderr.write(`${s}\n`);
  const out: string[] = [
    `Measured ${new Date().toISOString()} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}` +
      ' (shared machine: other jobs were running; treat absolute numbers as approximate, ratios are same-run).',
  ];
  for (const s of SECTIONS) {
    log(`== ${s.title}`);
    out.push(`## ${s.title}\n\n${await s.run({ large, log })}`);
  }
  const text = out.join('\n\n') + '\n';
  process.stdout.write(text);
  if (process.argv.includes('--write')) writeFileSync(join(__dirname, 'RESULTS.md'), `# Benchmark results\n\n${text}`);
}

void main();
