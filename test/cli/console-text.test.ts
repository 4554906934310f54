/**
 * The CLI's console lines show evidence text through the shared display rule: a hostile file name
 * and a hostile hostname (terminal escape sequences, bidi overrides, line separators) come out
 * as visible `⟨U+…⟩` markers, never as bytes a terminal would act on.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleError, consoleText } from '../../src-main/cli/console-text';
import { runTriage } from '../../src-main/cli/run-triage';
import { REPO_ROOT } from '../helpers/paths';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

/** What a terminal would act on or hide: C0 (but tab), DEL, C1, bidi controls, separators, zero-width. */
const ACTIVE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

const HOSTILE_HOST = 'WS\u001b[2J\u001b]0;pwned\u0007-01\u202Elpm\u2028x\u009b31m';
const HOSTILE_FILE = 'logs/inv\u001b[31mred\u202Etxt.\u2066exe\u2069.jsonl';

/** One flat (NXLog-shaped) Sysmon registry write that the InProcServer32 rule reports. */
function registryWrite(host: string): string {
  return JSON.stringify({
    EventID: 13, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: host, RecordNumber: 7,
    SourceName: 'Microsoft-Windows-Sysmon', EventTime: '2024-03-01T10:00:00Z', UtcTime: '2024-03-01 10:00:00.000',
    EventType: 'SetValue', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: 4242,
    Image: 'C:\\Windows\\System32\\regsvr32.exe', User: 'CORP\\j.doe',
    TargetObject: 'HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)',
    Details: 'C:\\Users\\j.doe\\AppData\\Local\\Temp\\evil.dll',
  });
}

describe('consoleText', () => {
  it('shows escape sequences, bidi controls and separators as code points', () => {
    expect(consoleText(HOSTILE_HOST)).toBe('WS⟨U+001B⟩[2J⟨U+001B⟩]0;pwned⟨U+0007⟩-01⟨U+202E⟩lpm⟨U+2028⟩x⟨U+009B⟩31m');
    expect(consoleError(new Error('bad \u001b[0m file'))).toBe('bad ⟨U+001B⟩[0m file');
    expect(consoleText(null)).toBe('');
  });
});

describe('headless triage console output', () => {
  it('prints a hostile file name and hostname escaped, the JSON keeping them as they are', async () => {
    const root = tempEvidenceFolder({ [HOSTILE_FILE]: `${registryWrite(HOSTILE_HOST)}\n` });
    const out: string[] = [];
    const err: string[] = [];
    const jsonPath = path.join(mkdtempSync(path.join(os.tmpdir(), 'triage-out-')), 't.json');
    const code = await runTriage([root, '--json', jsonPath],
      { out: (l) => out.push(l), err: (l) => err.push(l), cwd: REPO_ROOT });
    expect(code).toBe(0);
    const text = [...out, ...err].join('\n');
    for (const line of text.split('\n')) expect(line, JSON.stringify(line)).not.toMatch(ACTIVE);
    expect(text).toContain('logs/inv⟨U+001B⟩[31mred⟨U+202E⟩txt.⟨U+2066⟩exe⟨U+2069⟩.jsonl');
    // The finding lines (`  [ 80] high Malicious …`), not the rule tallies above them.
    const findingLines = out.filter((l) => /^\s+\[\s*\d+\]/.test(l) && l.includes('InProcServer32 Modification'));
    expect(findingLines.length).toBeGreaterThan(0);
    const doc = JSON.parse(readFileSync(jsonPath, 'utf8')) as { evidence: { path: string }[]; findings: { dest: string }[] };
    expect(doc.evidence.map((e) => e.path)).toEqual([HOSTILE_FILE]);
    expect(doc.findings.some((f) => f.dest === HOSTILE_HOST)).toBe(true);
    expect(findingLines[0]).toContain('WS⟨U+001B⟩[2J⟨U+001B⟩]0;pwned⟨U+0007⟩-01⟨U+202E⟩lpm⟨U+2028⟩x⟨U+009B⟩31m');
  });
});
