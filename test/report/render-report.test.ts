/**
 * The PDF triage report end to end: rendered from a demo-like case, read back with pdfjs-dist and
 * rendered to pixels with pdftoppm.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderReportPdf, REPORT_URL_POLICY } from '../../src-main/report/render-report';
import { TOOL_VERSION } from '../../src-main/shared/tool-info';
import { kindStyle, SHAPE_GLYPH } from '../../src-main/shared/event-kinds';
import {
  ANALYST_NOTE, CLSID, DLL, DLL_SHA256, REG_PATH, REGSVR_CMD, SEED_RULE_ID, WSCRIPT_CMD, demoRequest,
} from './demo-case';
import { extractPages, squash, type PageText } from './pdf-inspect';

let pdf: Uint8Array;
let pages: PageText[];
let all: string;

// A cold render and read-back takes 8–13 s on a loaded 2-core machine (the base commit too): more than vitest's 10 s hook default.
beforeAll(async () => {
  pdf = await renderReportPdf(demoRequest());
  pages = await extractPages(pdf);
  all = squash(pages.map((p) => p.text).join(''));
}, 120_000); // rendering and reading back a whole report: allow for a loaded machine

afterEach(() => {
  vi.restoreAllMocks();
});

const has = (needle: string): boolean => all.includes(squash(needle));

describe('the demo-like report', () => {
  it('is a PDF with a cover, contents and numbered pages', () => {
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(pages.length).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < pages.length; i++) {
      expect(squash(pages[i]!.text)).toContain(`Page${i + 1}of${pages.length}`);
    }
    // The contents are on the cover, in the order of the sections.
    const cover = squash(pages[0]!.text);
    expect(cover).toContain('Contents');
    const order = ['1.Executivesummary', '2.Findingsbylevel', '3.Incidents', '4.Otherfindings', '5.Evidence', '6.Suppressedfindings', '7.Methodandlimits', 'Appendix:technicaldetail']
      .map((section) => cover.indexOf(section));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The sections are also the PDF's bookmarks.
    expect(Buffer.from(pdf).toString('latin1')).toMatch(/\/Outlines \d+ 0 R/);
    // The header carries the case name on every page but the cover.
    for (const p of pages.slice(1)) expect(squash(p.text)).toContain(squash('IR-4471 WS-FIN-07 Remcos loader'));
  });

  it('prints the cover facts', () => {
    const cover = squash(pages[0]!.text);
    for (const s of ['IR-4471 WS-FIN-07 Remcos loader', 'Jane Responder', '2026-11-25 12:00:00.000', `evtx-triage ${TOOL_VERSION}`,
      '2026.11.1', '2026-11-20', '/cases/IR-4471/evidence']) {
      expect(cover).toContain(squash(s));
    }
  });

  it('lists every evidence file with its SHA-256, and says the evidence was read only', () => {
    const req = demoRequest();
    for (const e of req.scan.evidence) {
      expect(has(e.sha256), e.path).toBe(true);
      expect(has(e.path), e.path).toBe(true);
    }
    // The soundness line states the checks made: the demo request made none beyond the hashes.
    expect(has(`Evidence opened read-only · SHA-256 of all ${req.scan.evidence.length} files`)).toBe(true);
    expect(has('report location not checked')).toBe(true);
    expect(has('modification times not re-checked')).toBe(true);
    expect(has('0.46 MB')).toBe(true);
  });

  it('details the seed finding: CLSID, registry path, DLL, processes, command lines, analyst note', () => {
    for (const s of [CLSID, REG_PATH, DLL, 'regsvr32.exe', 'wscript.exe', 'explorer.exe', REGSVR_CMD, WSCRIPT_CMD,
      ANALYST_NOTE, 'Confirmed malicious', SEED_RULE_ID, 'T1218.010', 'Malicious InProcServer32 Modification', 'Registry values written',
      'THE FINDING\'S REGISTRY WRITE', 'Created by (1)', 'Loaded by (2)', '±60 s around the write']) {
      expect(has(s), s).toBe(true);
    }
  });

  it('prints the DLL\'s image as Sysmon 7 loaded it once: signature status, every hash, the loaders', () => {
    expect(has('Image as loaded (Sysmon 7, 1 distinct image)')).toBe(true);
    expect(has('Not signed (Unavailable)')).toBe(true);
    expect(has(`SHA256=${DLL_SHA256}`)).toBe(true);
    expect(has('IMPHASH=11223344556677889900AABBCCDDEEFF')).toBe(true);
    expect(has('regsvr32.exe, wscript.exe')).toBe(true);
    // One DLL pivot in the seed's incident, so the hashes once (the two loads are one image).
    expect(all.split(`SHA256=${DLL_SHA256}`).length - 1).toBe(1);
  });

  it('marks each event kind in the timeline table as on the axis and on screen (shape glyph + label)', () => {
    const kinds = new Set(demoRequest().scan.findings.flatMap((f) => f.pivots.timeline.map((e) => e.kind)));
    expect(kinds.size).toBeGreaterThan(2);
    for (const k of kinds) {
      const st = kindStyle(k);
      expect(has(`${SHAPE_GLYPH[st.shape]} ${st.label}`), k).toBe(true);
    }
  });

  it('summarises in plain words: the span of activity with the year, hosts and accounts at the level it names, how sure', () => {
    expect(has('The activity at level medium or above spans 2026-11-17 09:41:35.472 UTC to 2026-11-17 09:47:15.019 UTC')).toBe(true);
    expect(has('Hosts affected (findings at level medium or above): WS-FIN-07.corp.example (3).')).toBe(true);
    expect(has('Accounts involved: j.doe (3).')).toBe(true);
    // The low-risk finding on WS-HR-02 is not counted, and the summary says so.
    expect(has('Not counted above: 1 finding below level medium')).toBe(true);
    expect(has('4 findings from 4 detection rules')).toBe(true);
  });

  it('lists the suppressed finding with who and why, and the method and limits', () => {
    expect(has('a.kowalski (IR lead)')).toBe(true);
    expect(has('documented benign, in the public false-positive lists')).toBe(true);
    expect(has('All times are UTC')).toBe(true);
    expect(has('evtx.record.bad_size')).toBe(true);
    expect(has('What the detections look for')).toBe(true);
  });

  it('extracts without the hidden break opportunities or missing glyphs', () => {
    const raw = pages.map((p) => p.text).join('');
    expect(raw).not.toMatch(/[\u200b\u0000\ufffd]/);
  });

  it('keeps every text item inside the page', () => {
    for (const [i, p] of pages.entries()) {
      for (const it of p.items) {
        expect(it.x, `page ${i + 1}: ${it.str}`).toBeGreaterThanOrEqual(0);
        expect(it.right, `page ${i + 1}: ${it.str}`).toBeLessThanOrEqual(p.width - 20);
      }
    }
  });

});

describe('reproducible and offline', () => {
  it('gives the same bytes for the same input and generation time', async () => {
    const again = await renderReportPdf(demoRequest());
    expect(Buffer.from(again).equals(Buffer.from(pdf))).toBe(true);
    const text = Buffer.from(pdf).toString('latin1');
    // CreationDate and ModDate (indirect string objects) are the generation time, and no other date is written.
    expect(text.match(/\(D:\d{14}Z\)/g)).toEqual(['(D:20261125120000Z)', '(D:20261125120000Z)']);
    expect(text).toMatch(/\/CreationDate \d+ 0 R/);
  });

  it('changes with the generation time', async () => {
    const later = await renderReportPdf(demoRequest({ generatedAt: '2026-11-25T12:00:01.000Z' }));
    expect(Buffer.from(later).equals(Buffer.from(pdf))).toBe(false);
  });

  it('rejects an unreadable generation time', async () => {
    await expect(renderReportPdf(demoRequest({ generatedAt: 'yesterday' }))).rejects.toMatchObject({ code: 'bad_argument' });
  });

  it('attempts no network access', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch').mockRejectedValue(new Error('network used'));
    const httpSpy = vi.spyOn(http, 'request');
    const httpsSpy = vi.spyOn(https, 'request');
    const netSpy = vi.spyOn(net, 'connect');
    const socketSpy = vi.spyOn(net.Socket.prototype, 'connect');
    const out = await renderReportPdf(demoRequest());
    expect(out.length).toBeGreaterThan(1000);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(httpSpy).not.toHaveBeenCalled();
    expect(httpsSpy).not.toHaveBeenCalled();
    expect(netSpy).not.toHaveBeenCalled();
    expect(socketSpy).not.toHaveBeenCalled();
    expect(REPORT_URL_POLICY('https://example.net/logo.png')).toBe(false);
  });
});

describe('scope', () => {
  it('reports only the selected findings when findingIds is given', async () => {
    const req = demoRequest();
    const seed = req.scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!;
    const out = await renderReportPdf({ ...req, findingIds: [seed.id, 'no-such-finding'] });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(text).toContain(squash('1 selected finding of the 5 in the case'));
    expect(text).toContain(squash('I1. regsvr32.exe on WS-FIN-07.corp.example'));
    expect(text).toContain(squash('F1HIGHrisk80MaliciousInProcServer32Modification'));
    expect(text).not.toContain(squash('rmc_setup.exe'));
    expect(text).toContain(squash('No finding in this scope was suppressed.'));
    expect(text).toContain('no-such-finding');
    // Evidence is always the whole case.
    for (const e of req.scan.evidence) expect(text).toContain(e.sha256);
  });

  it('completes a finding with missing lists instead of failing the report', async () => {
    const req = demoRequest();
    const seed = req.scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!;
    const partial = { ...seed, pivots: undefined, risk_reasons: undefined } as unknown as typeof seed;
    const out = await renderReportPdf({
      ...req,
      scan: { ...req.scan, findings: [partial] },
      annotations: { [seed.id]: { status: 'investigating', by: 'x', at: '2026-11-25T10:00:00.000Z' } as never },
    });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(text).toContain(squash(REG_PATH));
    expect(text).toContain(squash('No event of this process is in the evidence.'));
    expect(text).toContain(squash('No process tree: the process start is not in the evidence.'));
  });

  it('renders an empty case', async () => {
    const req = demoRequest();
    const out = await renderReportPdf({ ...req, scan: { ...req.scan, findings: [], rules: [], evidence: [] }, annotations: {} });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(text).toContain(squash('No finding is reported in this scope.'));
    expect(text).toContain(squash('Nothing was read. The case holds no evidence file. This report therefore cannot say whether anything happened'));
    expect(text).not.toContain('Hostsaffected');
  });

  it('says plainly that nothing was read when no file held a readable event', async () => {
    const req = demoRequest();
    const evidence = req.scan.evidence.map((e) => ({ ...e, records: 0, error: 'not an event log' }));
    const out = await renderReportPdf({ ...req, scan: { ...req.scan, findings: [], evidence }, annotations: {} });
    const text = squash((await extractPages(out)).map((p) => p.text).join(''));
    expect(text).toContain(squash(`Nothing was read. No event could be read from the ${evidence.length} evidence files (${evidence.length} could not be opened at all). This report therefore cannot say`));
    expect(text).not.toContain('Hostsaffected');
  });
});
