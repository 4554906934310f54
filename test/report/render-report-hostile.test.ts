/**
 * Hostile strings from evidence: markup, right-to-left overrides, 5,000-character command lines,
 * non-Latin and uncovered user names. The report must lay them out inside the page without losing
 * a character, and must show (not obey) the reordering characters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseFinding, ReportRequest } from '../../src-main/shared/contract';
import { renderReportPdf } from '../../src-main/report/render-report';
import { cjkFontFile } from '../../src-main/report/fonts';
import { demoRequest, SEED_RULE_ID } from './demo-case';
import { extractPages, squash, type PageText } from './pdf-inspect';

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

function hostileRequest(): ReportRequest {
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

let pdf: Uint8Array;
let pages: PageText[];
let raw: string;
let all: string;

beforeAll(async () => {
  pdf = await renderReportPdf(hostileRequest());
  pages = await extractPages(pdf);
  raw = pages.map((p) => p.text).join('');
  all = squash(raw);
}, 120_000); // rendering and reading back a whole report: allow for a loaded machine

describe('hostile strings', () => {
  it('prints markup as text', () => {
    expect(all).toContain(squash(HOSTILE.caseName));
    expect(all).toContain(squash('<img src=x onerror=alert(1)>'));
  });

  it('neutralises right-to-left overrides and isolates, and shows they were there', () => {
    expect(raw).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F]/);
    expect(all).toContain('invoice⟨U+202E⟩fdp.exe');
    expect(all).toContain(squash('Name uses ⟨U+2066⟩isolates⟨U+2069⟩ and a ⟨U+200B⟩zero-width space'));
  });

  it('keeps every character of a 5,000-character command line, inside the page', () => {
    expect(HOSTILE.cmd.length).toBe(5000);
    // The command line's table row continues on the next page: read the pages' bodies (no running
    // header or footer) and drop the table header the new page repeats.
    const bodies = squash(pages.map((p) => p.body).join('')).split('#Time(UTC)KindEIDWhathappened').join('');
    expect(bodies).toContain(squash(HOSTILE.cmd));
    expect(all).toContain(squash(HOSTILE.cmd.slice(0, 2000)));
    expect(all).toContain(squash(HOSTILE.path));
    for (const [i, p] of pages.entries()) {
      for (const it of p.items) {
        expect(it.x, `page ${i + 1}: ${it.str.slice(0, 40)}`).toBeGreaterThanOrEqual(0);
        expect(it.right, `page ${i + 1}: ${it.str.slice(0, 40)}`).toBeLessThanOrEqual(p.width - 20);
      }
    }
  });

  it('prints Cyrillic and Greek names as they are', () => {
    for (const s of [HOSTILE.user, HOSTILE.analyst, HOSTILE.greekUser, 'σημειώσεις.txt']) expect(all, s).toContain(squash(s));
  });

  it('prints CJK text with the CJK fallback font when there is one, else as code points, never as empty boxes', () => {
    if (cjkFontFile() !== null) expect(all).toContain(HOSTILE.cjkUser);
    else expect(all).toContain('⟨U+5C71⟩⟨U+7530⟩⟨U+592A⟩⟨U+90CE⟩');
    expect(raw).not.toMatch(/[\u0000\ufffd\u200b]/);
  });

  it('keeps the analyst note\'s line break', () => {
    expect(raw).toMatch(/Line one[^\n]*\n(?:[^\n]*\n)*?Line two/);
  });

});
