/**
 * An evidence folder and a Sigma rule that make one finding per event (a Sigma finding is one per
 * rule and host, and every event here has its own host), for measuring the CLI end to end:
 *
 *   npx tsx test/tools/export-memory/make-many-findings-case.ts OUT_DIR [--findings N]
 *   /usr/bin/time -v npm run triage -- OUT_DIR/evidence --no-sigma --rules OUT_DIR/every-event.yml --json x.json --csv x.csv
 *
 * OUT_DIR/evidence/many-hosts.evtx holds N varied events (default 100,000) in Sysmon's channel, event N on host
 * `H<N>.corp.example`; OUT_DIR/every-event.yml matches every one of them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EvtxWriter } from '../evtx-writer/index';
import { sampleEvents } from '../evtx-writer/sample-events';

const RULE = `title: Synthetic test rule, every event of the many-hosts evidence
id: 6f1c2d3e-5a4b-4c3d-8e2f-000000000001
status: test
description: Matches every event of the many-hosts test evidence (one finding per host).
author: EVTX Triage tests
logsource:
  product: windows
  service: sysmon
detection:
  selection:
    Provider_Name: Microsoft-Windows-Sysmon
  condition: selection
level: high
`;

const out = process.argv[2];
const at = process.argv.indexOf('--findings');
const count = at >= 0 ? Number(process.argv[at + 1]) : 100_000;
if (!out || out.startsWith('--') || !Number.isInteger(count) || count < 1) {
  console.error('usage: make-many-findings-case.ts OUT_DIR [--findings N]');
  process.exit(2);
}
mkdirSync(path.join(out, 'evidence'), { recursive: true });
// The seeded varied events, written as Sysmon's channel (so a `service: sysmon` rule reads them), each on its own host.
const SYSMON = { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' };
const events = sampleEvents(7, count).map((e, i) => ({ ...e, provider: SYSMON, channel: 'Microsoft-Windows-Sysmon/Operational', computer: `H${i}.corp.example` }));
const bytes = new EvtxWriter().addAll(events).toBytes();
writeFileSync(path.join(out, 'evidence', 'many-hosts.evtx'), bytes);
writeFileSync(path.join(out, 'every-event.yml'), RULE);
console.log(`${out}: ${count} events on ${count} hosts (${bytes.length} bytes), rule every-event.yml`);
