/**
 * Archive members against real files: totals count each event once, a real file under a folder
 * whose name contains `!` (even `x.zip!`) is read as a file, and members say which archive they
 * come from.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../../src-main/model/event';
import { readCase } from '../../../src-main/case/read-case';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';
import { tempEvidenceFolder } from '../../helpers/temp-evidence';

const ZIRCOLITE_XML = path.join(SHARED_EVIDENCE, 'zircolite/tests/fixtures/xml_events_sample.xml');

/** `n` flat NXLog-style JSON lines with record numbers from `first`. */
function jsonLines(n: number, first: number): Uint8Array {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'h', RecordNumber: first + i, EventTime: '2024-01-01T00:00:00Z' }));
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

describe.skipIf(requires('corpus'))('readCase: archive members and real files', () => {
  it('an archive without a look-alike real folder keeps the `!/` labels', async () => {
    const root = tempEvidenceFolder({ 'x.zip': zipSync({ 'm.jsonl': jsonLines(2, 1) }), 'x.zip.d/other.jsonl': jsonLines(1, 9) });
    const scan = await readCase(root, { jobId: 'plain', workers: 1 });
    expect(scan.evidence.map((e) => e.path).sort()).toEqual(['x.zip', 'x.zip!/m.jsonl', 'x.zip.d/other.jsonl']);
  });

  it('totals equal the sum over real files and members, once; a real `x.zip!/` folder is read as files', async () => {
    const xml = new Uint8Array(readFileSync(ZIRCOLITE_XML));
    const root = tempEvidenceFolder({
      'logs.zip': zipSync({ 'a.jsonl': jsonLines(30, 1), 'b.xml': xml }),
      'logs.zip!/real.jsonl': jsonLines(4, 100), // a folder named `logs.zip!`, not a member…
      'logs.zip!/a.jsonl': jsonLines(6, 150), // …holding a file named like a member of logs.zip
      'bang!dir/more.jsonl': jsonLines(3, 200),
      'plain.jsonl': jsonLines(5, 300),
    });
    const events: NormalisedEvent[] = [];
    const scan = await readCase(root, { jobId: 'members', workers: 2, onEvents: (b) => { events.push(...b); } });
    const by = new Map(scan.evidence.map((e) => [e.path, e]));
    expect(by.get('logs.zip')).toMatchObject({ format: 'zip', records: 32 });
    expect(by.get('logs.zip')?.archive).toBeUndefined();
    // The real folder takes the `!/` spelling, so this archive's members are labelled with `!!/`.
    expect(by.get('logs.zip!/a.jsonl')).toMatchObject({ format: 'jsonl', records: 6 });
    expect(by.get('logs.zip!/a.jsonl')?.archive).toBeUndefined();
    expect(by.get('logs.zip!!/a.jsonl')).toMatchObject({ archive: 'logs.zip', records: 30 });
    expect(by.get('logs.zip!!/b.xml')).toMatchObject({ archive: 'logs.zip', records: 2 });
    expect(events.filter((e) => e.evidence === 'logs.zip!/a.jsonl')).toHaveLength(6);
    expect(events.filter((e) => e.evidence === 'logs.zip!!/a.jsonl')).toHaveLength(30);
    expect(by.get('logs.zip!/real.jsonl')).toMatchObject({ format: 'jsonl', records: 4 });
    expect(by.get('logs.zip!/real.jsonl')?.archive).toBeUndefined();
    expect(by.get('bang!dir/more.jsonl')).toMatchObject({ records: 3 });
    expect(events).toHaveLength(30 + 2 + 4 + 6 + 3 + 5);
    expect(new Set(scan.evidence.map((e) => e.path)).size).toBe(scan.evidence.length);
    expect(scan.stats.events).toBe(events.length);
  });
});
