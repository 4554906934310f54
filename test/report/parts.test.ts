/** The report's parts on their own: safe text, font coverage, the document model, the time axis, formatting. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PivotEvent } from '../../src-main/shared/contract';
import {
  BODY_FONT, MONO_FONT, familyCoverage, fontPaths, fontTable, reportAssetsDir, reportFontDir, setReportAssetsDir, ttfCoverage, CJK_FONT, cjkCoverage, cjkFontFile, setCjkFontSearch } from '../../src-main/report/fonts';
import { fmtBytes, fmtBytesExact, fmtInt, fmtTime, timeValue } from '../../src-main/report/format';
import { renderReportPdf } from '../../src-main/report/render-report';
import { buildReportModel, riskBand } from '../../src-main/report/report-model';
import { MAX_RUN, marker, safeText, withoutBreaks, ZWSP } from '../../src-main/report/safe-text';
import { KIND_STYLE } from '../../src-main/shared/event-kinds';
import { drawTimelineAxis, HIGHLIGHT } from '../../src-main/report/timeline-axis';
import { REPO_ROOT } from '../helpers/paths';
import { DLL, REG_PATH, REGSVR_CMD, SEED_RULE_ID, demoRequest, seedFinding } from './demo-case';

afterEach(() => {
  setReportAssetsDir(null);
  delete process.env.EVTX_TRIAGE_ASSETS;
});

describe('safe text', () => {
  const body = familyCoverage(BODY_FONT);

  it('adds break opportunities without adding or losing a character', () => {
    for (const s of [REG_PATH, DLL, REGSVR_CMD, 'Иван.Петров', 'x'.repeat(500), 'a-b_c.d/e\\f', 'e\u0301e\u0301'.repeat(50)]) {
      expect(withoutBreaks(safeText(s, body))).toBe(s);
    }
    expect(safeText('C:\\Users\\j.doe', body)).toBe(`C:\\${ZWSP}Users\\${ZWSP}j.${ZWSP}doe`);
  });

  it('leaves no run longer than MAX_RUN characters without a break opportunity or space', () => {
    const s = safeText(`${'A'.repeat(130)} ${'B'.repeat(41)}`, body);
    for (const run of s.split(/[\s\u200b]/)) expect(run.length).toBeLessThanOrEqual(MAX_RUN);
  });

  it('never splits a surrogate pair or a base letter from its combining mark', () => {
    const s = safeText(`${'é'.repeat(39)}e\u0301${'😀'.repeat(60)}`, null);
    expect(s).not.toMatch(/\u200b\u0301/);
    expect(s).not.toMatch(/[\ud800-\udbff]\u200b/);
    expect(withoutBreaks(s)).toBe(`${'é'.repeat(39)}e\u0301${'😀'.repeat(60)}`);
  });

  it('shows reordering, invisible and control characters as code points', () => {
    const s = safeText('a\u202Eb\u2066c\u2069d\u200Fe\u200Bf\u00ADg\tj\u0000k\uFEFFl\u2028m\ud800n', body, { breakable: false });
    expect(s).toBe('a⟨U+202E⟩b⟨U+2066⟩c⟨U+2069⟩d⟨U+200F⟩e⟨U+200B⟩f⟨U+00AD⟩g⟨U+0009⟩j⟨U+0000⟩k⟨U+FEFF⟩l⟨U+2028⟩m⟨U+D800⟩n');
    expect(s).not.toMatch(/[\u200b-\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  it('keeps line feeds only when asked (notes), and drops carriage returns there', () => {
    expect(safeText('a\r\nb', body, { keepNewlines: true, breakable: false })).toBe('a\nb');
    expect(safeText('a\nb', body, { breakable: false })).toBe('a⟨U+000A⟩b');
  });

  it('shows characters the font cannot draw as code points, and keeps those it can', () => {
    expect(safeText('山田 Γιώργος Кириллица', body, { breakable: false })).toBe('⟨U+5C71⟩⟨U+7530⟩ Γιώργος Кириллица');
    expect(marker(0x1f600)).toBe('⟨U+1F600⟩');
    expect(safeText('😀', null, { breakable: false })).toBe('😀');
  });
});

describe('fonts', () => {
  it('resolves the vendored fonts in assets/fonts, and only those files may be read', () => {
    expect(reportFontDir()).toBe(path.join(REPO_ROOT, 'assets/fonts'));
    setCjkFontSearch([]); // no CJK fallback on this machine
    const table = fontTable();
    setCjkFontSearch(null);
    expect(table[BODY_FONT].italics).toBe(path.join(REPO_ROOT, 'assets/fonts/DejaVuSans-Oblique.ttf'));
    expect([...fontPaths(table)].map((p) => path.basename(p)).sort()).toEqual([
      'DejaVuSans-Bold.ttf', 'DejaVuSans-BoldOblique.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans.ttf', 'DejaVuSansMono-Bold.ttf', 'DejaVuSansMono.ttf',
    ]);
  });

  it('finds no CJK fallback where there is none, and the fallback file where it is', () => {
    setCjkFontSearch(['/nowhere/DroidSansFallbackFull.ttf', '/nowhere/NanumGothic.ttf']);
    expect(cjkFontFile()).toBeNull();
    expect(cjkCoverage()).toBeNull();
    expect(fontTable()[CJK_FONT]).toBeUndefined();
    setCjkFontSearch(null);
  });

  it('reads coverage from the cmap: Latin, Greek, Cyrillic yes; CJK no; Mono has no U+200B glyph', () => {
    const body = familyCoverage(BODY_FONT);
    const mono = familyCoverage(MONO_FONT);
    for (const ch of 'AzÉКжΩω€✓⟨⟩') expect(body.has(ch.codePointAt(0)!), ch).toBe(true);
    for (const ch of 'AzКΩ⟨⟩') expect(mono.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(body.has(0x5c71)).toBe(false);
    expect(body.has(0x200b)).toBe(true);
    expect(mono.has(0x200b)).toBe(false);
    expect(() => ttfCoverage(Buffer.alloc(64))).toThrow();
  });

  it('takes another assets folder from setReportAssetsDir or EVTX_TRIAGE_ASSETS', async () => {
    process.env.EVTX_TRIAGE_ASSETS = '/opt/evtx-triage/resources/assets';
    expect(reportAssetsDir()).toBe('/opt/evtx-triage/resources/assets');
    setReportAssetsDir('/nowhere/assets');
    expect(reportFontDir()).toBe('/nowhere/assets/fonts');
    await expect(renderReportPdf(demoRequest())).rejects.toThrow(/report font missing: \/nowhere\/assets\/fonts/);
    setReportAssetsDir(path.join(REPO_ROOT, 'assets'));
    expect(fontTable()[MONO_FONT].normal).toBe(path.join(REPO_ROOT, 'assets/fonts/DejaVuSansMono.ttf'));
  });
});

describe('document model', () => {
  it('states what the evidence rows are and the folder size as a manager reads it (an archive, its member, a file that is not evidence)', () => {
    const req = demoRequest();
    const first = req.scan.evidence[0]!;
    req.scan.evidence = [
      ...req.scan.evidence,
      { ...first, path: 'logs.zip', format: 'zip', bytes: 695_021, records: 5 },
      { ...first, path: 'logs.zip!/a.json', archive: 'logs.zip', format: 'jsonl', bytes: 14_941_654, records: 5 },
      { ...first, path: 'SOURCES.md', format: 'unknown', bytes: 56_267, records: null },
    ];
    const m = buildReportModel(req, '2026-11-25T12:00:00.000Z');
    const folderBytes = req.scan.evidence.filter((e) => e.archive === undefined).reduce((n, e) => n + e.bytes, 0);
    expect(m.evidence.totals).toMatchObject({ files: 10, bytes: folderBytes, kinds: { read: 8, archives: 1, members: 1, notEvidence: 1 } });
    const examined = m.method.statements.find((s) => s.startsWith('What was examined:'))!;
    expect(examined).toContain('one folder of 9 files, ');
    expect(examined).toContain('10 rows: 8 files read for events (1 archive among them), 1 archive member listed as a row of its own, 1 file skipped as not evidence');
    expect(examined).toMatch(/, \d+\.\d+ MB \([\d,]+ bytes\) in all,/);
    // A manager's sentence: no nested parentheses, no "B" unit.
    expect(examined).not.toMatch(/\([^()]*\(/);
    expect(examined).not.toMatch(/\d B\b/);
    expect(m.executive.files).toBe(8);
  });

  it('reports the non-suppressed findings in detail and lists the suppressed ones', () => {
    const m = buildReportModel(demoRequest(), '2026-11-25T12:00:00.000Z');
    // Print order: the incident of the two findings on regsvr32 (90, 80), the high finding alone (85), the low one.
    expect(m.findings.map((f) => f.finding.risk_score)).toEqual([90, 80, 85, 15]);
    expect(m.findings.map((f) => f.number)).toEqual([1, 2, 3, 4]);
    expect(m.incidents.map((i) => [i.number, i.full, i.members.map((x) => x.number)])).toEqual([[1, true, [1, 2]], [2, true, [3]], [3, false, [4]]]);
    expect(m.incidents[0]!.incident.links).toEqual(['process']);
    expect(m.incidents[0]!.pivotSources).toHaveLength(1);
    expect(m.executive).toMatchObject({ nothingRead: null, level: 'medium', counted: 3, below: 1, reported: 4 });
    expect(m.suppressed.map((s) => s.finding.suppression?.author)).toEqual(['a.kowalski (IR lead)']);
    expect(m.summary).toMatchObject({ reported: 4, suppressed: 1 });
    expect(m.summary.byRisk.map((b) => b.count)).toEqual([1, 2, 0, 1]);
    expect(m.summary.hosts).toEqual([{ name: 'WS-FIN-07.corp.example', findings: 3 }, { name: 'WS-HR-02.corp.example', findings: 1 }]);
    expect(m.evidence.totals).toMatchObject({ files: 7, records: 1944, failed: 1, warnings: 3, unreadable: 0 });
    expect(m.method.parserIssues.map((p) => p.path)).toHaveLength(3);
    expect(m.cover).toMatchObject({ caseName: 'IR-4471 WS-FIN-07 Remcos loader', ruleset: { version: '2026.11.1', intel_version: '2026-11-20' } });
  });

  it('spans malicious activity over confirmed or medium-risk findings, not low-risk, suppressed or dismissed ones', () => {
    const req = demoRequest();
    const m = buildReportModel(req, '2026-11-25T12:00:00.000Z');
    // The low-risk Teams registration (08:40) and the suppressed OneDrive one (08:31) are left out.
    expect(m.summary.firstActivity).toBe('2026-11-17T09:41:35.472Z');
    expect(m.summary.lastActivity).toBe('2026-11-17T09:47:15.019Z');
    const mmdev = req.scan.findings.find((f) => f.rule_id === 'builtin_clsid_server_redirected')!;
    const dismissed = buildReportModel({ ...req, annotations: { ...req.annotations, [mmdev.id]: { status: 'false_positive', note: '', by: 'x', at: '2026-11-25T10:00:00.000Z' } } }, '2026-11-25T12:00:00.000Z');
    expect(dismissed.summary.lastActivity).toBe('2026-11-17T09:41:35.472Z');
    const teams = req.scan.findings.find((f) => f.risk_score === 15)!;
    const confirmedLow = buildReportModel({ ...req, annotations: { [teams.id]: { status: 'confirmed', note: '', by: 'x', at: '2026-11-25T10:00:00.000Z' } } }, '2026-11-25T12:00:00.000Z');
    expect(confirmedLow.summary.firstActivity).toBe('2026-11-17T08:40:12.300Z');
  });

  it('limits the detail to the selected findings and names unknown ids', () => {
    const req = demoRequest();
    const seed = req.scan.findings.find((f) => f.rule_id === SEED_RULE_ID)!;
    const oneDrive = req.scan.findings.find((f) => f.suppressed)!;
    const m = buildReportModel({ ...req, findingIds: [seed.id, oneDrive.id, 'gone'] }, '2026-11-25T12:00:00.000Z');
    expect(m.findings.map((f) => f.finding.id)).toEqual([seed.id]);
    expect(m.suppressed.map((s) => s.finding.id)).toEqual([oneDrive.id]);
    expect(m.method.unknownFindingIds).toEqual(['gone']);
    expect(m.summary.scope).toBe('2 selected findings of the 5 in the case (1 reported, 1 suppressed)');
    expect(m.findings[0]!.annotation?.status).toBe('confirmed');
  });

  it('bands risk scores', () => {
    expect([100, 90, 89, 70, 69, 40, 39, 0].map(riskBand)).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low']);
  });
});

describe('time axis', () => {
  const tl = seedFinding().pivots.timeline;

  it('draws one lane per kind present, a distinct mark per kind, and highlights the finding write', () => {
    const d = drawTimelineAxis(tl, 515, BODY_FONT);
    expect(d.drawn).toBe(tl.length);
    expect(d.skipped).toBe(0);
    for (const k of ['process_start', 'registry', 'file', 'image_load', 'process_stop'] as const) {
      expect(d.svg).toContain(`>${KIND_STYLE[k].label}<`);
      expect(d.svg).toContain(`fill="${KIND_STYLE[k].colour}"`);
    }
    expect(d.svg).not.toContain(`>${KIND_STYLE.network.label}<`);
    expect(d.svg).toContain(`stroke="${HIGHLIGHT}"`);
    expect(d.svg).toContain('finding write');
    expect(d.svg).not.toMatch(/NaN|Infinity/);
    const shapes = new Set(Object.values(KIND_STYLE).map((s) => `${s.shape}`));
    expect(shapes.size).toBe(Object.keys(KIND_STYLE).length);
  });

  it('names the highlighted event after the finding: a registry write, or a Sigma rule\'s matched event', () => {
    const sigma = drawTimelineAxis(tl, 515, BODY_FONT, 2000, 'matched event').svg;
    expect(sigma).toContain('finding matched event');
    expect(sigma).toContain('the finding\'s matched event');
    expect(sigma).not.toContain('registry write');
    expect(drawTimelineAxis(tl, 515, BODY_FONT).svg).toContain('the finding\'s registry write');
  });

  it('stacks marks that would overlap instead of drawing them on top of each other', () => {
    const same: PivotEvent[] = Array.from({ length: 4 }, (_, i) => ({ ...tl[3]!, time: '2026-11-17T09:41:35.472Z', record_id: i }));
    const d = drawTimelineAxis([tl[0]!, ...same, tl.at(-1)!], 515, BODY_FONT);
    const colour = KIND_STYLE[tl[3]!.kind].colour;
    const ys = [...d.svg.matchAll(/<path d="M[\d.]+,([\d.]+) [^"]*" fill="(#[0-9a-f]{6})"\/>/g)].filter((m) => m[2] === colour).map((m) => m[1]);
    expect(ys).toHaveLength(5); // the four marks, then the legend's (drawn last)
    expect(new Set(ys.slice(0, 4)).size).toBe(4);
  });

  it('copes with one event, no event and unreadable times', () => {
    expect(drawTimelineAxis([tl[0]!], 515, BODY_FONT).svg).not.toMatch(/NaN|Infinity/);
    expect(drawTimelineAxis([], 515, BODY_FONT).svg).toMatch(/^<svg .*<\/svg>$/);
    const d = drawTimelineAxis([tl[0]!, { ...tl[1]!, time: 'not a time' }], 515, BODY_FONT);
    expect(d).toMatchObject({ drawn: 1, skipped: 1 });
  });

  it('keeps to a handful of ticks over any span', () => {
    for (const end of ['2026-11-17T09:41:35.480Z', '2026-11-17T10:41:35.410Z', '2026-12-30T00:00:00.000Z', '2031-01-01T00:00:00.000Z', '2126-01-01T00:00:00.000Z']) {
      const d = drawTimelineAxis([tl[0]!, { ...tl[1]!, time: end }], 515, BODY_FONT);
      const ticks = d.svg.match(/stroke="#cfd8dc"/g) ?? [];
      expect(ticks.length, end).toBeGreaterThanOrEqual(2);
      expect(ticks.length, end).toBeLessThanOrEqual(8);
    }
  });

  it('leaves off a tick label that would run into the date label left of the axis', () => {
    // The seed timeline starts on a whole second: its first tick sits at the axis' left edge.
    const d = drawTimelineAxis([{ ...tl[0]!, time: '2026-11-17T09:47:14.113Z' }, { ...tl[1]!, time: '2026-11-17T09:47:18.313Z' }], 515, BODY_FONT);
    const lines = d.svg.match(/stroke="#cfd8dc"/g) ?? [];
    const labels = [...d.svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="6.5" text-anchor="middle" fill="#37474f">([^<]+)<\/text>/g)];
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.length).toBeLessThan(lines.length);
    for (const [, x, label] of labels) expect(Number(x) - label!.length * 1.9, label).toBeGreaterThanOrEqual(74);
    expect(d.svg).toContain('>2026-11-17 UTC<');
  });

  it('escapes text it puts in the SVG', () => {
    const d = drawTimelineAxis(tl, 515, 'A"<&>');
    expect(d.svg).toContain('font-family="A&quot;&lt;&amp;&gt;"');
  });
});

describe('formatting', () => {
  it('prints UTC times as written, with their fraction digits', () => {
    expect(fmtTime('2026-11-17T09:41:35.4720000Z')).toBe('2026-11-17 09:41:35.472');
    expect(fmtTime('2026-11-17T09:41:35.4101350Z')).toBe('2026-11-17 09:41:35.410135');
    expect(fmtTime('2026-11-17T09:41:35.4000000Z')).toBe('2026-11-17 09:41:35.400');
    expect(fmtTime('2026-11-17T09:41:35Z')).toBe('2026-11-17 09:41:35');
    expect(fmtTime('garbage')).toBe('garbage');
    expect(fmtTime(null)).toBe('—');
    expect(timeValue('2026-11-17T09:41:35.4725Z') - timeValue('2026-11-17T09:41:35.472Z')).toBeCloseTo(0.5, 5);
  });

  it('groups digits and sizes without the locale', () => {
    expect(fmtInt(1234567)).toBe('1,234,567');
    expect(fmtBytes(999)).toBe('999 B');
    expect(fmtBytes(462848)).toBe('0.46 MB');
    // In a sentence: MB first, the exact count after, never nested in another parenthesis.
    expect(fmtBytesExact(63_525_931)).toBe('63.5 MB (63,525,931 bytes)');
    expect(fmtBytesExact(512)).toBe('512 bytes');
  });
});
