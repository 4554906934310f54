/**
 * The report request full of hostile strings from evidence (markup, right-to-left overrides and
 * isolates, a 5,000-character command line, Cyrillic, Greek and CJK names, an unbreakable path) on
 * the demo case's seed process, for the report tests of both tiers
 * (test/report/render-report-hostile.test.ts, test/oracle/report/render-report-hostile.test.ts).
 */
import type { CaseFinding, ReportRequest } from '../../src-main/shared/contract';
import { demoRequest, SEED_RULE_ID } from '../report/demo-case';

/** A 5,000-character command line: a long base64 blob without spaces, then space-separated arguments. */
function longCommandLine(): string {
  const blob = Array.from({ length: 2600 }, (_, i) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[(i * 7919) % 64]).join('');
  let cmd = `powershell.exe -NoP -W Hidden -Enc ${blob}`;
  let n = 0;
  while (cmd.length < 5000) cmd += ` -Arg${n++} C:\\ProgramData\\x${n}\\payload_${n}.dat`;
  return cmd.slice(0, 5000);
}

export const HOSTILE = {
  caseName: '<script>alert("x")</script> **Case** {{name}} & <b>bold</b>',
  analyst: 'Σωκράτης Παπαδόπουλος',
  user: 'Иван.Петров',
  greekUser: 'Γιώργος',
  cjkUser: '山田太郎',
  rloProcess: 'invoice\u202Efdp.exe',
  isolateNote: 'Name uses \u2066isolates\u2069 and a \u200Bzero-width space; <img src=x onerror=alert(1)>',
  cmd: longCommandLine(),
  path: `C:\\Users\\Иван.Петров\\AppData\\Roaming\\${'VeryLongFolderNameWithoutAnyBreakOpportunity'.repeat(6)}\\evil.dll`,
};

export function hostileRequest(): ReportRequest {
  const req = demoRequest({ caseName: HOSTILE.caseName, analyst: HOSTILE.analyst });
  // Every finding on the seed's process (one process: one command line), so the incident shows them.
  const seedGuid = req.scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!.process_guid;
  const findings: CaseFinding[] = req.scan.findings.map((f) => {
    if (f.process_guid !== seedGuid || f.dest !== req.scan.findings.find((x) => x.rule_id === SEED_RULE_ID)!.dest) return f;
    return {
      ...f,
      user: HOSTILE.user,
      process_name: HOSTILE.rloProcess,
      process: HOSTILE.cmd,
      registry_value_data: HOSTILE.path,
      message: `The ${HOSTILE.rloProcess} wrote <b>${HOSTILE.path}</b>`,
      pivots: {
        ...f.pivots,
        timeline: f.pivots.timeline.map((e, i) => (i === 0 ? { ...e, summary: `Process start ${HOSTILE.cmd}` } : e)),
        parallel: [
          { ...f.pivots.parallel[0]!, process_name: 'notepad.exe', user: HOSTILE.greekUser, process: 'notepad.exe C:\\Users\\Γιώργος\\σημειώσεις.txt' },
          { ...f.pivots.parallel[0]!, process_name: 'cjk.exe', user: HOSTILE.cjkUser, process: `C:\\Users\\${HOSTILE.cjkUser}\\cjk.exe` },
          ...f.pivots.parallel,
        ],
      },
    };
  });
  const seed = findings.find((f) => f.rule_id === SEED_RULE_ID)!;
  return {
    ...req,
    scan: { ...req.scan, findings },
    annotations: { [seed.id]: { status: 'investigating', note: `Line one ${HOSTILE.isolateNote}\nLine two: ${HOSTILE.rloProcess}`, by: HOSTILE.analyst, at: '2026-11-25T10:00:00.000Z' } },
  };
}
