/**
 * Reading text evidence in the worker (parse-file → read-text-events / stream-parsers): problems
 * never stop a file or an archive member, every one is counted, samples stay bounded, and a huge
 * line that is not JSON costs one error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseEvidenceFile, type ParsedFile } from '../../src-main/evidence-reading/parse-file';
import { MAX_ISSUE_SAMPLES } from '../../src-main/evidence-reading/file-summary';
import type { EvidenceFormat } from '../../src-main/ingest/sniff';
import { tempEvidenceFolder } from '../helpers/temp-evidence';

function jsonEvent(n: number): string {
  return JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'h', RecordNumber: n, EventTime: '2024-01-01T00:00:00Z' });
}

function xmlEvent(n: number): string {
  return `<Event><System><EventID>1</EventID><EventRecordID>${n}</EventRecordID><Computer>h</Computer></System></Event>`;
}

/** 10 good lines, 150 bad ones, 1,000 good ones. */
function mixedJsonl(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 10; i++) lines.push(jsonEvent(i));
  for (let i = 0; i < 150; i++) lines.push(i % 2 ? `not json ${i}` : '{"not":"an event"}');
  for (let i = 11; i <= 1010; i++) lines.push(jsonEvent(i));
  return lines.join('\n') + '\n';
}

function mixedXml(): string {
  const parts = ['<Events>'];
  for (let i = 1; i <= 10; i++) parts.push(xmlEvent(i));
  for (let i = 0; i < 150; i++) parts.push('<Event><System></Oops></Event>');
  for (let i = 11; i <= 1010; i++) parts.push(xmlEvent(i));
  parts.push('</Events>');
  return parts.join('\n');
}

/** An event, one line of `n` letters (seeded noise, so a zip of it is not refused for its ratio), an event. */
function longJunkLineBetweenEvents(n: number): Uint8Array {
  const enc = new TextEncoder();
  const head = enc.encode(jsonEvent(1) + '\n');
  const tail = enc.encode('\n' + jsonEvent(2) + '\n');
  const out = new Uint8Array(head.length + n + tail.length);
  out.set(head, 0);
  let x = 12345;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; out[head.length + i] = 97 + ((x >>> 0) % 26); }
  out.set(tail, head.length + n);
  return out;
}

async function parse(root: string, rel: string, format: EvidenceFormat): Promise<ParsedFile & { events: number }> {
  let events = 0;
  const r = await parseEvidenceFile({ absPath: path.join(root, rel), relPath: rel, format }, {
    batch: async (b) => { events += b.length; }, progress: () => {}, isCancelled: () => false,
  });
  return { ...r, events };
}

describe('parse-file: problems never stop a text file', () => {
  it.each([['events.jsonl', 'jsonl', mixedJsonl()], ['events.xml', 'xml', mixedXml()]] as const)('%s: 10 good, 150 bad, 1,000 good → 1,010 events, 150 errors, bounded samples', async (name, format, text) => {
    const root = tempEvidenceFolder({ [name]: text });
    const r = await parse(root, name, format);
    expect(r.events).toBe(1010);
    expect(r.summary).toMatchObject({ records: 1010, errors: 150, fatal: null });
    expect(r.summary.errorSamples).toHaveLength(MAX_ISSUE_SAMPLES);
  });

  it('the same inside a zip member (the streaming parsers)', async () => {
    const enc = new TextEncoder();
    const root = tempEvidenceFolder({ 'c.zip': zipSync({ 'e.jsonl': enc.encode(mixedJsonl()), 'e.xml': enc.encode(mixedXml()) }) });
    const r = await parse(root, 'c.zip', 'zip');
    expect(r.events).toBe(2020);
    for (const m of r.members) expect(m.summary).toMatchObject({ records: 1010, errors: 150, fatal: null });
  });

  it('a 24 MiB line that is not JSON costs one error with its line number, in a file and in an archive member', async () => {
    const huge = longJunkLineBetweenEvents(24 * 1024 * 1024);
    const root = tempEvidenceFolder({});
    writeFileSync(path.join(root, 'long.jsonl'), huge);
    const file = await parse(root, 'long.jsonl', 'jsonl');
    expect(file.events).toBe(2);
    expect(file.summary.errors).toBe(1);
    expect(file.summary.errorSamples[0]).toMatchObject({ code: 'json.line_too_long', context: { line: 2 } });
    writeFileSync(path.join(root, 'long.zip'), zipSync({ 'long.jsonl': huge }));
    const zip = await parse(root, 'long.zip', 'zip');
    expect(zip.events).toBe(2);
    expect(zip.members[0]!.summary.errorSamples.map((s) => [s.code, s.context.line])).toEqual([['json.line_too_long', 2]]);
  });
});
