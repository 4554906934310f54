/**
 * `npm run bench [-- --quick] [--only KEY[,KEY…]] [--write]`: runs every benchmark section (or the
 * sections named by `--only`: evtx, folder, normalise, transport, startup, sigma, ui, merge, explorer) and prints markdown tables.
 * `--quick` skips the ≥ 1 GiB generated workload; `--huge` adds a 4.5 GiB one (EVTX section); `--write` also saves the tables to
 * test/bench/RESULTS.md (use it on a full run only). Add a workload by adding a section below.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { runEvtxBench } from './evtx';
import { runMergeBench } from './merge';
import { benchFolder, formatFolderRows } from './folder';
import { benchJsonLines } from './json-lines';
import { benchNormalise } from './normalise';
import { runSigmaBench } from './sigma';
import { runStartupBench } from './startup';
import { runTransportBench } from './transport';
import { benchUi, formatUiRows } from './ui';
import { benchExplorer } from './explorer';
import { SHARED_EVIDENCE } from '../helpers/paths';

interface Section {
  key: string;
  title: string;
  run: (opts: { large: boolean; log: (s: string) => void }) => Promise<string>;
}

const DEMO_EVIDENCE = join(__dirname, '../../assets/demo-evidence');

const SECTIONS: Section[] = [
  { key: 'startup', title: 'CLI start-up (issue 21)', run: runStartupBench },
  { key: 'evtx', title: 'EVTX parser (issue 3)', run: runEvtxBench },
  {
    key: 'folder',
    title: 'Whole-folder read (issue 4), and the JSON-lines reader beside its floor (issue 21)',
    run: async ({ log }) => {
      const parts: string[] = [];
      for (const dir of [SHARED_EVIDENCE, DEMO_EVIDENCE]) {
        log(`folder ${dir}`);
        parts.push(formatFolderRows(dir, benchFolder(dir)));
      }
      log('JSON lines of the shared evidence');
      parts.push(await benchJsonLines(SHARED_EVIDENCE));
      return parts.join('\n\n');
    },
  },
  { key: 'normalise', title: 'Normalisation beside the EVTX parse (issue 21)', run: () => benchNormalise(SHARED_EVIDENCE) },
  { key: 'transport', title: 'Worker → main event batches (issue 21)', run: ({ log }) => runTransportBench(SHARED_EVIDENCE, log) },
  { key: 'sigma', title: 'Sigma rules (issue 18)', run: (opts) => runSigmaBench(opts, SHARED_EVIDENCE) },
  {
    // 1,000,000 pivot events in the cache over 100,000 findings (--quick: 2,000 × 50 = 100,000).
    key: 'ui',
    title: "Analyst's desk in Chromium (issue 7)",
    run: async ({ large, log }) => {
      const [findings, events] = large ? [100_000, 10] : [2_000, 50];
      log(`desk: ${findings} findings × ${events} pivot events`);
      return formatUiRows(await benchUi(findings, events));
    },
  },
  // 50 triage documents, 100,000 findings in all (--quick: 10 × 1,000), merged beside jq -s.
  { key: 'merge', title: 'Merge of triage documents (issue 20)', run: runMergeBench },
  {
    // 1,000,000 events in the explorer's cache (--quick: 100,000).
    key: 'explorer',
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
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? new Set((process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean)) : null;
  const unknown = only ? [...only].filter((k) => !SECTIONS.some((s) => s.key === k)) : [];
  if (only && (only.size === 0 || unknown.length > 0)) {
    throw new Error(`--only takes section keys from: ${SECTIONS.map((s) => s.key).join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  for (const s of SECTIONS) {
    if (only && !only.has(s.key)) continue;
    log(`== ${s.title}`);
    out.push(`## ${s.title}\n\n${await s.run({ large, log })}`);
  }
  const text = out.join('\n\n') + '\n';
  process.stdout.write(text);
  if (process.argv.includes('--write')) writeFileSync(join(__dirname, 'RESULTS.md'), `# Benchmark results\n\n${text}`);
}

void main();
