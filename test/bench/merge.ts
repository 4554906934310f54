/**
 * Merge benchmark (issue 20): 50 triage documents holding 100,000 findings in all (`--quick`: 10
 * documents, 10,000), generated here in the contract's shape with pivots and matched events like
 * the triage writes them; each document shares a tenth of its findings with the next (a split
 * collection), so the merge folds duplicates. Measured in fresh processes under GNU time (wall,
 * peak RSS): `npm run merge -- … --json` and, same run, the peer `jq -s` deduplicating the same
 * findings by finding_id (no event union, no checks: a lower bound on the work).
 * Run alone: `node --require tsx/cjs test/bench/merge.ts [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

interface Timed { seconds: number; cpu: number; peakRssMb: number }

function timed(cmd: string, args: string[]): Timed {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: REPO });
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.slice(-2000)}`);
  const [e, m, u, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds: e!, cpu: u! + sys!, peakRssMb: m! / 1024 };
}

const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');

/** One finding as the triage writes it (built-in shape: registry write, process, pivots, events). */
function finding(n: number, host: number): Record<string, unknown> {
  const t = Date.UTC(2026, 10, 17) + n * 1000;
  const guid = `{${(n % 0xffffffff).toString(16).padStart(8, '0')}-1111-2222-3333-444455556666}`;
  const events = Array.from({ length: 3 }, (_, i) => ({ evidence: `H${host}/Microsoft-Windows-Sysmon%4Operational.evtx`, record_id: n * 3 + i, event_id: 13, time: iso(t + i), process_guid: guid }));
  const timeline = Array.from({ length: 8 }, (_, i) => ({
    time: iso(t - 1000 + i), kind: 'registry', event_id: 13, channel: 'Microsoft-Windows-Sysmon/Operational', dest: `host${host}.corp.example`, process_guid: guid,
    process_name: 'reg.exe', summary: `SetValue HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{${n}}\\InprocServer32\\(Default) = C:\\Users\\u\\AppData\\x${i}.dll`,
    evidence: events[0]!.evidence, record_id: n * 3, fields: { EventID: '13', TargetObject: `HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{${n}}\\InprocServer32\\(Default)`, Details: `C:\\Users\\u\\AppData\\x${i}.dll` },
  }));
  return {
    rule_id: '9e41c7d2-3b8f-4a6e-8c15-d0f27a9b6e33', rule_name: 'Per-User COM Server Registration', mitre: ['T1546.015', 'T1112'], risk_score: 47 + (n % 40),
    dest: `host${host}.corp.example`, user: 'u', process_guid: guid, process_name: 'reg.exe', process_path: 'C:\\Windows\\System32\\reg.exe', process: 'reg add HKCU\\Software\\Classes',
    parent_process_name: 'cmd.exe', registry_path: `HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{${n}}\\InprocServer32\\(Default)`, registry_key_name: 'InprocServer32',
    registry_value_name: '(Default)', registry_value_data: 'C:\\Users\\u\\AppData\\x.dll', clsid: `{${n}}`, count: 3, firstTime: events[0]!.time, lastTime: events[2]!.time,
    process_start_in_evidence: true, suppressed: false, source: 'builtin', level: 'medium', finding_id: `9e41c7d2-${n.toString(16).padStart(16, '0')}`,
    message: 'reg.exe registered a per-user COM entry', risk_reasons: [], events, events_truncated: false,
    pivots: { dll_path: 'c:\\users\\u\\appdata\\x.dll', dll_created_by: [], dll_loaded_by: [], dll_registry_refs: [], timeline, tree: [], parallel: [] },
  };
}

/** Writes `docs` documents of `per` findings; document d shares its last tenth with document d+1. */
function generate(dir: string, docs: number, per: number): { files: string[]; bytes: number; distinct: number } {
  const files: string[] = [];
  let bytes = 0;
  const shared = Math.floor(per / 10);
  const step = per - shared;
  for (let d = 0; d < docs; d++) {
    const findings = Array.from({ length: per }, (_, i) => finding(d * step + i, d));
    const doc = {
      tool: { name: 'evtx-triage', version: '0.1.0' }, generated: new Date().toISOString(), evidence_root: `/cases/host${d}`, fingerprint: d.toString(16).padStart(64, '0'),
      evidence: [{ path: `H${d}/Microsoft-Windows-Sysmon%4Operational.evtx`, sha256: 'a'.repeat(64), bytes: 1 << 20, format: 'evtx', modified: iso(0), hash_complete: true, records: per * 3, errors: 0, warnings: [], warning_count: 0, error_samples: [] }],
      findings, rules: [], ruleset: { version: 'bench', intel_version: 'bench' },
      stats: { files: 1, bytes: 1 << 20, errors: 0, events: per * 3, record_errors: 0, recovered: 0, elapsed_ms: 0 },
    };
    const f = path.join(dir, `doc${d}.json`);
    writeFileSync(f, JSON.stringify(doc, null, 2));
    bytes += statSync(f).size;
    files.push(f);
  }
  return { files, bytes, distinct: (docs - 1) * step + per };
}

export { generate as generateMergeDocuments };

export async function runMergeBench({ large, log }: { large: boolean; log: (s: string) => void }): Promise<string> {
  const [docs, per] = large ? [50, 2000] : [10, 1000];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'merge-bench-'));
  try {
    log(`merge: generating ${docs} documents × ${per} findings`);
    const { files, bytes, distinct } = generate(dir, docs, per);
    const out = path.join(dir, 'merged.json');
    log('merge: npm run merge');
    const ours = timed(process.execPath, ['--require', 'tsx/cjs', 'src-main/cli/merge.ts', ...files, '--json', out, '--quiet']);
    const outBytes = statSync(out).size;
    log('merge: npm run merge, heap capped at 256 MB');
    const capped = timed(process.execPath, ['--max-old-space-size=256', '--require', 'tsx/cjs', 'src-main/cli/merge.ts', ...files, '--json', out, '--quiet']);
    log('merge: jq -s peer');
    const filter = '[.[].findings[]] | unique_by(.finding_id) | length';
    const peer = timed('/bin/sh', ['-c', `jq -s '${filter}' "$@" > /dev/null`, 'jq', ...files]);
    const mb = (b: number) => (b / 1e6).toFixed(0);
    return [
      `${docs} documents, ${(docs * per).toLocaleString('en')} findings (${distinct.toLocaleString('en')} distinct), ${mb(bytes)} MB of JSON in, ${mb(outBytes)} MB out. Fresh processes under GNU time; a busy shared machine: ratios are same-run.`,
      '',
      '| workload | wall | CPU (user + sys) | peak RSS | vs jq -s (same run) |',
      '|---|---|---|---|---|',
      `| npm run merge -- … --json (checks, event union, streamed out; incl. tsx start-up) | ${ours.seconds.toFixed(2)} s | ${ours.cpu.toFixed(2)} s | ${ours.peakRssMb.toFixed(0)} MB | ${(peer.cpu / ours.cpu).toFixed(2)}× the CPU speed, ${(ours.peakRssMb / peer.peakRssMb).toFixed(2)}× the memory |`,
      `| same, V8 heap capped at 256 MB (--max-old-space-size=256): the live set is small, the default RSS is lazy GC | ${capped.seconds.toFixed(2)} s | ${capped.cpu.toFixed(2)} s | ${capped.peakRssMb.toFixed(0)} MB | ${(peer.cpu / capped.cpu).toFixed(2)}× the CPU speed, ${(capped.peakRssMb / peer.peakRssMb).toFixed(2)}× the memory |`,
      `| jq -s '${filter}' | ${peer.seconds.toFixed(2)} s | ${peer.cpu.toFixed(2)} s | ${peer.peakRssMb.toFixed(0)} MB | 1× |`,
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runMergeBench({ large: !process.argv.includes('--quick'), log: (s) => process.stderr.write(`${s}\n`) }).then((t) => process.stdout.write(`${t}\n`), (e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exitCode = 1; });
}
