/**
 * `npm run bench [-- --quick] [--write]`: runs every benchmark section and prints markdown
 * tables. `--quick` skips the ≥ 1 GiB generated workload; `--write` also saves the tables to
 * test/bench/RESULTS.md. Add a workload by adding a section below (each returns markdown).
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runEvtxBench } from './evtx';
import { benchFolder, formatFolderRows } from './folder';
import { runSigmaBench } from './sigma';
import { benchUi, formatUiRows } from './ui';
import { benchExplorer } from './explorer';
import { SHARED_EVIDENCE } from '../helpers/paths';

interface Section {
  title: string;
  run: (opts: { large: boolean; log: (s: string) => void }) => Promise<string>;
}

const DEMO_EVIDENCE = join(__dirname, '../../assets/demo-evidence');

const SECTIONS: Section[] = [
  { title: 'EVTX parser (issue 3)', run: runEvtxBench },
  {
    title: 'Whole-folder read (issue 4)',
    run: async ({ log }) => {
      const parts: string[] = [];
      for (const dir of [SHARED_EVIDENCE, DEMO_EVIDENCE]) {
        log(`folder ${dir}`);
        parts.push(formatFolderRows(dir, benchFolder(dir)));
      }
      return parts.join('\n\n');
    },
  },
  { title: 'Sigma rules (issue 18)', run: (opts) => runSigmaBench(opts, SHARED_EVIDENCE) },
  {
    // 1,000,000 pivot events in the cache over 100,000 findings (--quick: 2,000 × 50 = 100,000).
    title: "Analyst's desk in Chromium (issue 7)",
    run: async ({ large, log }) => {
      const [findings, events] = large ? [100_000, 10] : [2_000, 50];
      log(`desk: ${findings} findings × ${events} pivot events`);
      return formatUiRows(await benchUi(findings, events));
    },
  },
  {
    // 1,000,000 events in the explorer's cache (--quick: 100,000).
    title: 'Event explorer in Chromium (issue 19)',
    run: async ({ large, log }) => {
      const n = large ? 1_000_000 : 100_000;
      log(`explorer: ${n} events`);
      return formatUiRows(await benchExplorer(n));
    },
  },
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
