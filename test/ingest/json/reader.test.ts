import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { JsonEventReader, parseSysmonMessage, readJsonEvents, readJsonEventsBytes } from '../../../src-main/ingest/json/index';

const FIXTURES = resolve(__dirname, '../../fixtures/json');

describe('JSON: shapes and framing', () => {
  it('reads every good line of a mixed JSONL file and reports each bad line with its line number', () => {
    const { events, issues } = readJsonEventsBytes(readFileSync(resolve(FIXTURES, 'mixed-bad-lines.jsonl')), { path: 'mixed.jsonl' });
    expect(events.map((e) => [e.shape, e.event.EventRecordID, e.line])).toEqual([['evtx_dump', 10, 1], ['winlogbeat', 11, 3], ['flat', 13, 7]]);
    expect(issues.map((i) => [i.code, i.context.line])).toEqual([['json.bad_record', 2], ['json.bad_line', 4], ['json.not_an_event', 6]]);
    expect(issues.every((i) => i.context.path === 'mixed.jsonl')).toBe(true);
    expect(issues.every((i) => i.severity === undefined)).toBe(true); // lost records are errors
    const flat = events[2]!.event;
    expect(flat.TimeCreated).toBe('2020-12-31T23:00:02.0000000Z'); // EventTime with a zone is used
    expect(flat.Keywords).toBe('0x8000000000000000');
    expect(flat.Provider.Name).toBe('Microsoft-Windows-Sysmon');
    expect(flat.EventData).toEqual({
      TargetObject: 'HKLM\\SOFTWARE\\x\\y', Details: '1', EventType: 'SetValue', ProcessGuid: '{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}',
      ProcessId: '4242', Image: 'C:\\Windows\\System32\\cmd.exe', UtcTime: '2021-01-01 00:00:02.000',
    });
  });

  it('reads evtx_dump -o json output (Record N lines, pretty records, #attributes/#text, unnamed Data)', () => {
    const { events, issues } = readJsonEventsBytes(readFileSync(resolve(FIXTURES, 'evtx-dump-records.txt')));
    expect(issues).toEqual([]);
    expect(events.map((e) => [e.event.EventID, e.event.Qualifiers, e.line])).toEqual([[7036, 16384, 2], [1000, 0, 51]]); // the lines of the opening braces
    expect(events[0]!.event.Provider.EventSourceName).toBe('Service Control Manager');
    expect(events[0]!.event.Security.UserID).toBeNull();
    expect(events[0]!.event.EventData).toMatchObject({ param1: 'Windows Modules Installer', Binary: expect.stringMatching(/^5400/) });
    expect(events[1]!.event.EventData).toEqual({ Data: ['app.exe', '1.0', 'ntdll.dll'] });
    expect(events[1]!.event.TimeCreated).toBe('2016-07-08T18:13:00.0000000Z');
  });

  it('reads a top-level array, also split into 1-character chunks, and a non-object element is an issue', () => {
    const recs = [1, 2, 3].map((n) => ({ EventID: 4624, Channel: 'Security', Hostname: 'h', RecordNumber: n, EventTime: '2021-01-01T00:00:00Z', TargetUserName: `u"${n},]` }));
    const text = ' [\n' + JSON.stringify(recs[0]) + ',\n "oops, ] not an object",\n' + JSON.stringify(recs[1], null, 2) + ',' + JSON.stringify(recs[2]) + '\n]\n';
    for (const size of [1, 5, text.length]) {
      const r = new JsonEventReader();
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...r.push(text.slice(i, i + size)));
      got.push(...r.end());
      expect(got.map((e) => e.event.EventRecordID)).toEqual([1, 2, 3]);
      expect(got[2]!.event.EventData).toEqual({ TargetUserName: 'u"3,]' });
      expect(r.issues.map((i) => [i.code, i.context.line])).toEqual([['json.not_an_event', 3]]);
    }
  });

  it('frames JSON lines with escapes, broken and over-long lines the same whatever the chunking', () => {
    const rec = (n: number, s: string) => JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'h', RecordNumber: n, EventTime: '2021-01-01T00:00:00Z', CommandLine: s });
    const lines = [
      rec(1, 'a "quoted" \\\\ back\\slash \u00e9 \u2028 end'),
      '{"EventID": 2, "CommandLine": "a raw', // a raw newline inside a string: this line is broken
      'newline"}',
      rec(3, '\\"'.repeat(40) + 'x'.repeat(300)),
      rec(4, 'y'.repeat(5000)), // over the record limit below
      rec(5, 'ends with a backslash \\'),
    ];
    const text = lines.join('\n') + '\n';
    const read = (size: number) => {
      const r = new JsonEventReader({ maxRecordLength: 2000 });
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...r.push(text.slice(i, i + size)));
      got.push(...r.end());
      return { events: got.map((e) => [e.event.EventRecordID, e.event.EventData?.['CommandLine']]), issues: r.issues.map((i) => [i.code, i.context.line]) };
    };
    const whole = read(text.length);
    expect(whole.events.map((e) => e[0])).toEqual([1, 3, 5]);
    expect(whole.events[0]![1]).toBe('a "quoted" \\\\ back\\slash \u00e9 \u2028 end');
    expect(whole.issues.map((i) => i[0])).toEqual(expect.arrayContaining(['json.bad_line', 'json.record_too_long']));
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(read(size), `chunks of ${size}`).toEqual(whole);
  });

  it('unwraps Elasticsearch hits and warns once when only a receipt time exists', () => {
    const line = (n: number) => JSON.stringify({ _index: 'x', _source: { EventID: 4624, Channel: 'Security', Hostname: 'h', RecordNumber: n, EventTime: '2021-01-01 10:00:00', '@timestamp': '2021-01-01T15:00:03.5Z' } });
    const { events, issues } = readJsonEvents([line(1), line(2)].join('\n'));
    expect(events.map((e) => e.event.TimeCreated)).toEqual(['2021-01-01T15:00:03.5000000Z', '2021-01-01T15:00:03.5000000Z']);
    expect(issues.map((i) => [i.code, i.severity])).toEqual([['json.time_from_receipt', 'warning']]);
  });
});

describe('JSON: hostile input', () => {
  it('keeps fields named __proto__ and constructor as fields, also nested and in a Sysmon message', () => {
    const flat = '{"EventID": 1, "Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": "h", "EventTime": "2021-01-01 10:00:00", ' +
      '"__proto__": {"Image": "C:\\\\evil.exe", "__proto__": "x"}, "constructor": "c"}';
    const ev = readJsonEvents(flat).events[0]!.event;
    expect(Object.getPrototypeOf(ev.EventData)).toBe(Object.prototype);
    expect(Object.keys(ev.EventData!)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(ev.EventData!['constructor']).toBe('c');
    const nested = ev.EventData!['__proto__'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.entries(nested)).toEqual([['Image', 'C:\\evil.exe'], ['__proto__', 'x']]);
    expect(parseSysmonMessage('Process Create:\nconstructor: c\ntoString: t')).toEqual({ constructor: 'c', toString: 't' });
  });

  it('an over-long line is one issue; the lines around it are read', () => {
    const ok = (n: number) => JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'h', RecordNumber: n });
    const long = JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'h', RecordNumber: 2, pad: 'x'.repeat(10_000) });
    const text = [ok(1), long, ok(3)].join('\n') + '\n';
    const r = new JsonEventReader({ maxRecordLength: 1000, path: 'long.jsonl' });
    const got = [];
    for (let i = 0; i < text.length; i += 333) got.push(...r.push(text.slice(i, i + 333)));
    got.push(...r.end());
    expect(got.map((e) => e.event.EventRecordID)).toEqual([1, 3]);
    expect(r.issues).toEqual([expect.objectContaining({ code: 'json.record_too_long', context: { path: 'long.jsonl', line: 2, offset: ok(1).length + 1 } })]);
  });

  it('deep nesting is refused per record without recursion', () => {
    const deep = '{"EventID":1,"x":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}';
    const ok = JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'h', RecordNumber: 7 });
    const { events, issues } = readJsonEvents(ok + '\n' + deep + '\n' + ok + '\n', { maxRecordLength: 10_000_000 });
    expect(events).toHaveLength(2);
    expect(issues.map((i) => [i.code, i.context.line])).toEqual([['json.depth_exceeded', 2]]);
  });

  it('a truncated last record is reported; a truncated array too', () => {
    const ok = JSON.stringify({ EventID: 1, Channel: 'Security', Hostname: 'h', RecordNumber: 7 });
    expect(readJsonEvents(ok + '\n{"EventID":1,"Chan').issues.map((i) => [i.code, i.context.line])).toEqual([['json.truncated', 2]]);
    const arr = readJsonEvents('[' + ok + ',\n' + ok);
    expect(arr.events).toHaveLength(2);
    expect(arr.issues.map((i) => i.code)).toEqual(['json.truncated']);
  });

  it('keeps maxIssues samples, counts the rest, and never throws on random text', () => {
    const { issues, unstoredIssues } = readJsonEvents(Array.from({ length: 300 }, () => '{bad}').join('\n'), { maxIssues: 20 });
    expect(issues).toHaveLength(20);
    expect(unstoredIssues).toEqual({ errors: 280, warnings: 0 });
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '{}[]",:\\\n 0123abcEventID#';
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < 300; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      expect(() => readJsonEvents(s, { maxRecordLength: 100 })).not.toThrow();
    }
  });
});
