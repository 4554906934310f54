// Writes the demo evidence: per host Sysmon + Security EVTX (our writer), the victim's intrusion window as an
// Event Viewer XML export, expected-findings.json and README.md. Deterministic: same code, same bytes.
// Usage: npm run demo-evidence [-- OUT_DIR [FINDINGS_JSON]]
//   defaults: assets/demo-evidence and test/tools/demo-scenario/expected-findings.json (kept out of the evidence
//   folder so that triage does not read it as evidence); with only OUT_DIR, OUT_DIR/../expected-findings.json.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EvtxWriter } from '../evtx-writer/index';
import { buildScenario } from './scenario';
import { renderExport } from './xml-export';
import { expectedFindings, readme } from './readme';
import { ftOf, ms } from './host-sim';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEFAULT_OUT = path.join(REPO_ROOT, 'assets', 'demo-evidence');
export const SYSMON_FILE = 'Microsoft-Windows-Sysmon%4Operational.evtx';
export const XML_EXPORT = 'intrusion-sysmon-export.xml';
export const DEFAULT_FINDINGS = path.join(REPO_ROOT, 'test', 'tools', 'demo-scenario', 'expected-findings.json');

export interface Written {
  file: string;
  records: number;
  chunks: number;
  bytes: number;
}

/** Generate the evidence into `outDir` (emptied first) and the findings JSON. Returns the evidence files written. */
export function generate(outDir: string, findingsFile: string): Written[] {
  mkdirSync(outDir, { recursive: true });
  for (const f of readdirSync(outDir)) rmSync(path.join(outDir, f), { recursive: true, force: true });
  const sc = buildScenario();
  const written: Written[] = [];
  const put = (rel: string, data: string | Uint8Array, records = 0, chunks = 0) => {
    const abs = path.join(outDir, ...rel.split('/'));
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, data);
    written.push({ file: rel, records, chunks, bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.length });
  };
  for (const h of sc.hosts) {
    // Sysmon logs copied from a live system are dirty; the Security logs were exported clean.
    const sysmon = new EvtxWriter({ dirty: true, firstRecordId: h.firstSysmonRecord }).addAll(h.sysmon.map((x) => x.event));
    put(`${h.name}/${SYSMON_FILE}`, sysmon.toBytes(), h.sysmon.length, sysmon.chunkCount);
    const security = new EvtxWriter({ dirty: false, firstRecordId: h.firstSecurityRecord }).addAll(h.security.map((x) => x.event));
    put(`${h.name}/Security.evtx`, security.toBytes(), h.security.length, security.chunkCount);
  }
  const victim = sc.hosts[0]!;
  const from = ftOf(ms(`${sc.intrusion.window.start.replace(' ', 'T')}Z`)) - 10_000_000n;
  const to = ftOf(ms(`${sc.intrusion.window.end.replace(' ', 'T')}Z`)) + 10_000_000n;
  const windowEvents = victim.sysmon
    .map((x, i) => ({ event: x.event, recordId: victim.firstSysmonRecord + i }))
    .filter((x) => x.event.timeCreated >= from && x.event.timeCreated <= to);
  put(`${victim.name}/${XML_EXPORT}`, renderExport(windowEvents), windowEvents.length);
  const findings = expectedFindings(sc);
  mkdirSync(path.dirname(findingsFile), { recursive: true });
  writeFileSync(findingsFile, `${JSON.stringify(findings, null, 2)}\n`);
  put('README.md', readme(sc, findings, written));
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = path.resolve(process.argv[2] ?? DEFAULT_OUT);
  const findings = process.argv[3] ? path.resolve(process.argv[3]) : process.argv[2] ? path.join(out, '..', 'expected-findings.json') : DEFAULT_FINDINGS;
  const w = generate(out, findings);
  console.log(`findings: ${findings}`);
  for (const x of w) console.log(`${x.file}\t${x.bytes} bytes\t${x.records} records\t${x.chunks} chunks`);
  console.log(`wrote ${w.length} files to ${out}`);
}
