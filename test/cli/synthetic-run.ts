/**
 * A triage run with any number of findings, made without reading evidence: one real finding of
 * the built-in COM-hijack rule (from a crafted Sysmon 13 event), copied with varied hosts,
 * processes, keys and values, some of them hostile to CSV and JSON (quotes, commas, formula
 * starts, bidi overrides, astral characters, a lone surrogate). For the streamed-output tests and
 * the export memory harness (test/tools/export-memory.ts).
 */
import { toCaseFinding } from '../../src-main/case/case-findings';
import type { TriageFinding } from '../../src-main/shared/contract';
import type { TriageRun } from '../../src-main/case/detection-run';
import type { Finding } from '../../src-main/detect/index';
import type { Pivots } from '../../src-main/detect/pivots';
import { detect, sysmon } from '../detect/helpers';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const ODD = ['plain', 'a, "quoted" value', '=cmd|calc', '+1', '\u202Eexe.txt', 'naïve 𝔘nicode', 'lone \uD800 half', '@SUM(A1)', ''];

function baseFinding(): Finding {
  const ev = sysmon(13, 'WS1', {
    EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1',
    Image: 'C:\\Windows\\SysWOW64\\regsvr32.exe', TargetObject: `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`, Details: 'C:\\x.dll',
  }, 1);
  const f = detect([ev]).findings.find((x) => x.rule_id === '127c8d08-25ff-11ec-9223-acde48001122');
  if (!f) throw new Error('the built-in COM hijack rule found nothing in the crafted event');
  return f;
}

/** `pivots: 'empty'` drops the pivot lists (about 1 KB of JSON a finding instead of 4 KB). */
function emptyPivots(p: Pivots): Pivots {
  return {
    dll_path: p.dll_path, dll_created_by: [], dll_loaded_by: [], dll_registry_refs: [],
    timeline: { entries: [], total: 0, truncated: false },
    tree: { ancestors: [], process: null, descendants: [], truncated: false },
    parallel: { ...p.parallel, processes: [], total: 0, truncated: false },
  };
}

export function syntheticRun(count: number, options: { pivots?: 'full' | 'empty' } = {}): TriageRun {
  const found = baseFinding();
  const base: Finding = options.pivots === 'empty' ? { ...found, pivots: emptyPivots(found.pivots) } : found;
  const caseBase = toCaseFinding(base, new Map());
  const findings: TriageFinding[] = [];
  for (let i = 0; i < count; i++) {
    const odd = ODD[i % ODD.length]!;
    findings.push({
      ...caseBase,
      id: `synthetic-${i}`,
      dest: `WS-${String(i % 977).padStart(4, '0')}.corp.example`,
      process_name: i % 3 === 0 ? odd : base.process_name,
      registry_path: `${base.registry_path}\\${i}`,
      registry_value_data: `C:\\Users\\u${i}\\${odd}.dll`,
      count: 1 + (i % 7),
      suppressed: i % 11 === 0,
    });
  }
  const scan: TriageRun['scan'] = {
    root: '/evidence/synthetic', fingerprint: 'synthetic', scannedAt: '2026-12-05T00:00:00.000Z',
    evidence: [
      { path: 'a.evtx', bytes: 4096, modified: '2026-12-01T00:00:00.000Z', sha256: 'a'.repeat(64), hashComplete: true, format: 'evtx', records: count, errors: 0, warnings: 0, errorSamples: [], warningSamples: [] },
      { path: 'b.zip!/c.json', archive: 'b.zip', bytes: 10, modified: '2026-12-01T00:00:00.000Z', sha256: '0'.repeat(64), hashComplete: false, notHashed: 'unreadable', format: 'json', records: null, errors: 1, warnings: 0, errorSamples: [], warningSamples: [], error: 'cannot read' },
    ],
    findings,
    rules: [],
    ruleset: { version: 'rules-synthetic', intel_version: 'intel-synthetic' },
    stats: { files: 2, bytes: 4106, errors: 1, events: count, recordErrors: 0, recovered: 0, elapsedMs: 1 },
  };
  return { scan, detection: detect([]) };
}
