/**
 * A case with many findings, generated at test time from the demo case: each finding is a demo
 * finding copied onto one of `hosts` hosts with its own process GUID and id, so the report's
 * grouping (per rule and host) and its bounds see realistic, distinct rows. Used by the bounded
 * report tests and by `render-many.ts` (the time and memory measurement).
 */
import type { CaseFinding, ReportRequest } from '../../src-main/shared/contract';
import { demoFindings, demoRequest } from './demo-case';

export function manyFindings(count: number, hosts = 40): CaseFinding[] {
  const base = demoFindings().filter((f) => !f.suppressed);
  const out: CaseFinding[] = [];
  for (let i = 0; i < count; i++) {
    const b = base[i % base.length]!;
    const host = `WS-${String(i % hosts).padStart(3, '0')}.corp.example`;
    const guid = `{B3C1E7A2-${(i >>> 16).toString(16).padStart(4, '0')}-6AFC-${(i & 0xffff).toString(16).padStart(4, '0')}-000000000700}`.toUpperCase();
    out.push({
      ...b,
      id: `${b.rule_id}:${host}:${guid}`,
      dest: host,
      process_guid: guid,
      registry_value_data: `C:\\Users\\u${i}\\AppData\\Roaming\\x${i}.dll`,
      pivots: { ...b.pivots, timeline: b.pivots.timeline.map((e) => ({ ...e, dest: host })) },
    });
  }
  return out;
}

/** The demo request with `count` generated findings (plus the demo's suppressed one). */
export function manyFindingsRequest(count: number, hosts = 40): ReportRequest {
  const req = demoRequest();
  const suppressed = req.scan.findings.filter((f) => f.suppressed);
  return { ...req, scan: { ...req.scan, findings: [...manyFindings(count, hosts), ...suppressed] }, annotations: {} };
}
