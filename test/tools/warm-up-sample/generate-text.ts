// Writes the text samples of the parser workers' JIT warm-up (src-main/evidence-reading/warm-up.ts) into
// assets/warm-up/: the same SYNTHETIC events as JSON lines in the three shapes real folders hold them
// (flat NXLog `im_msvistalog`, as the OTRF datasets ship theirs; Winlogbeat/ECS with the Sysmon module's
// fields; evtx_dump `-o jsonl`), written by the format-parity writers (test/helpers/format-parity-json.ts).
// A worker warmed on EVTX alone met the JSON reader, its shape readers and their normalising for the first
// time on the case's first JSON-lines file, cold (issue 21: a 14.9 MB JSON-lines zip member read at
// ~35 MB/s). The events are the demo evidence's (Sysmon, Security) and the synthetic System log's, read
// with our EVTX parser, a few of each provider and event id (round-robin, so every kind is there).
// Deterministic: same inputs, same bytes.
// Usage: npx tsx test/tools/warm-up-sample/generate-text.ts [OUT_DIR]   (default assets/warm-up)

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEvtxBytes } from '../../../src-main/ingest/evtx/index';
import type { RawEvent } from '../../../src-main/model/raw-event';
import { evtxDumpJsonLines, nxlogJsonLines, winlogbeatJsonLines } from '../../helpers/format-parity-json';
import { DEFAULT_OUT } from './generate';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_TEXT_DIR = path.dirname(DEFAULT_OUT);
/** The EVTX logs the events come from (ours, synthetic): the demo evidence of one host and the warm-up System log. */
const SOURCES = [
  path.join(REPO_ROOT, 'assets', 'demo-evidence', 'WS-FIN-07', 'Microsoft-Windows-Sysmon%4Operational.evtx'),
  path.join(REPO_ROOT, 'assets', 'demo-evidence', 'WS-FIN-07', 'Security.evtx'),
  DEFAULT_OUT,
];
/** Events per file: about 250 KB of flat NXLog lines. */
const EVENTS = 160;

/** The sample files by name, each with its writer. */
export const TEXT_SAMPLES: Readonly<Record<string, (events: readonly RawEvent[]) => string>> = {
  'nxlog.jsonl': nxlogJsonLines,
  'winlogbeat.jsonl': (events) => winlogbeatJsonLines(events),
  'evtx-dump.jsonl': evtxDumpJsonLines,
};

/** Up to `n` events of `sources`, taken round-robin over their (provider, event id) kinds in first-seen order. */
function pickEvents(sources: readonly string[] = SOURCES, n = EVENTS): RawEvent[] {
  const kinds = new Map<string, RawEvent[]>();
  for (const file of sources) {
    for (const e of parseEvtxBytes(new Uint8Array(readFileSync(file))).records) {
      const key = `${e.Provider.Name}|${e.EventID}`;
      let list = kinds.get(key);
      if (!list) kinds.set(key, (list = []));
      list.push(e);
    }
  }
  const lists = [...kinds.values()];
  const out: RawEvent[] = [];
  for (let i = 0; out.length < n; i++) {
    let any = false;
    for (const list of lists) {
      if (i < list.length && out.length < n) { out.push(list[i]!); any = true; }
    }
    if (!any) break;
  }
  return out;
}

/** Every text sample's content, by file name. */
export function buildTextSamples(): Map<string, string> {
  const events = pickEvents();
  return new Map(Object.entries(TEXT_SAMPLES).map(([name, write]) => [name, write(events)]));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = path.resolve(process.argv[2] ?? DEFAULT_TEXT_DIR);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of buildTextSamples()) {
    writeFileSync(path.join(dir, name), text);
    console.log(`${path.join(dir, name)}: ${Buffer.byteLength(text)} bytes`);
  }
}
