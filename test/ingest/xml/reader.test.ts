import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventXmlReader, readEventXml, readEventXmlBytes } from '../../../src-main/ingest/xml/index';

const FIXTURES = resolve(__dirname, '../../fixtures/xml');
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function sysmonEvent(rec: number, extra = ''): string {
  return `<Event xmlns="${NS}"><System><Provider Name="Microsoft-Windows-Sysmon"/><EventID>1</EventID>` +
    `<TimeCreated SystemTime="2020-01-01T00:00:${String(rec % 60).padStart(2, '0')}.1234567Z"/><EventRecordID>${rec}</EventRecordID>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>h</Computer></System>` +
    `<EventData><Data Name="Image">C:\\x${rec}.exe</Data>${extra}</EventData></Event>`;
}

describe('Event XML: shapes and encodings', () => {
  it('reads an <Events> root with namespace prefixes, comments, PI, CDATA, entities and char refs', () => {
    const xml = `<?xml version="1.0" encoding="utf-16"?>\n<!-- exported -->\n<ev:Events xmlns:ev="${NS}">` +
      `<ev:Event><ev:System><ev:EventID Qualifiers="16384">7036</ev:EventID><ev:Channel>System</ev:Channel></ev:System>` +
      `<ev:EventData><ev:Data>Windows &amp; &lt;Update&gt; &quot;x&quot; &apos;y&apos; &#65;&#x42;&#x1F600;</ev:Data><ev:Data><![CDATA[a<b>&amp;]]></ev:Data>` +
      `<ev:Binary>0A0B</ev:Binary></ev:EventData></ev:Event></ev:Events>`;
    const { events, issues } = readEventXml(xml);
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
    const e = events[0]!.event;
    expect(e.EventID).toBe(7036);
    expect(e.Qualifiers).toBe(16384);
    expect(e.EventData).toEqual({ Data: [`Windows & <Update> "x" 'y' AB\u{1F600}`, 'a<b>&amp;'], Binary: '0A0B' });
  });

  it('keeps UserData as a tree and ignores RenderingInfo', () => {
    const xml = `<Event xmlns="${NS}"><System><EventID>1102</EventID></System><UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserName>admin</SubjectUserName><Item>a</Item><Item>b</Item></LogFileCleared></UserData><RenderingInfo Culture="en-US"><Message>The audit log was cleared.</Message></RenderingInfo></Event>`;
    const { events } = readEventXml(xml);
    expect(events[0]!.event.UserData).toEqual({ LogFileCleared: { SubjectUserName: 'admin', Item: ['a', 'b'] } });
    expect(events[0]!.event.EventData).toBeNull();
  });

  it('stores fields named __proto__ or constructor as fields (the names come from the evidence)', () => {
    const xml = `<Event xmlns="${NS}"><System><EventID>1</EventID></System><EventData><Data Name="__proto__">p</Data><Data Name="constructor">c</Data></EventData>` +
      `<UserData><Root><__proto__>a</__proto__><__proto__>b</__proto__><length>l</length></Root></UserData></Event>`;
    const ev = readEventXml(xml).events[0]!.event;
    expect(Object.getPrototypeOf(ev.EventData)).toBe(Object.prototype);
    expect(Object.entries(ev.EventData!)).toEqual([['__proto__', 'p'], ['constructor', 'c']]);
    const root = (ev.UserData as Record<string, Record<string, unknown>>)['Root']!;
    expect(Object.getPrototypeOf(root)).toBe(Object.prototype);
    expect(Object.entries(root)).toEqual([['__proto__', ['a', 'b']], ['length', 'l']]);
  });

  it('reads UTF-16LE and UTF-16BE exports with BOM, and UTF-8 with BOM', () => {
    const xml = `<Events>${sysmonEvent(1)}${sysmonEvent(2, '<Data Name="User">DOMÄIN\\Jürgen</Data>')}</Events>`;
    const le = new Uint8Array(2 + xml.length * 2);
    le[0] = 0xff; le[1] = 0xfe;
    for (let i = 0; i < xml.length; i++) { le[2 + 2 * i] = xml.charCodeAt(i) & 0xff; le[3 + 2 * i] = xml.charCodeAt(i) >> 8; }
    const be = new Uint8Array(le.length);
    for (let i = 0; i < le.length; i += 2) { be[i] = le[i + 1]!; be[i + 1] = le[i]!; }
    const u8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(xml)]);
    for (const bytes of [le, be, u8]) {
      const r = new EventXmlReader();
      const got = [];
      for (let i = 0; i < bytes.length; i += 3) got.push(...r.pushBytes(bytes.subarray(i, i + 3))); // split inside code units
      got.push(...r.end());
      expect(r.issues).toEqual([]);
      expect(got.map((e) => e.event.EventRecordID)).toEqual([1, 2]);
      expect(got[1]!.event.EventData!['User']).toBe('DOMÄIN\\Jürgen');
    }
  });

  it('reads one-event-per-line logs (CRLF) and reports field problems per event', () => {
    const lines = [sysmonEvent(1), sysmonEvent(2).replace('<EventRecordID>2<', '<EventRecordID>two<'), sysmonEvent(3).replace('&', '')];
    const bad = sysmonEvent(4, '<Data Name="X">&nbsp;</Data>');
    const { events, issues } = readEventXml([...lines, bad].join('\r\n') + '\r\n');
    expect(issues).toEqual([]);
    expect(events.map((e) => e.event.EventRecordID)).toEqual([1, null, 3, 4]);
    expect(events[1]!.issues.map((i) => i.code)).toEqual(['xml.event_field']);
    expect(events[1]!.issues[0]!.context.line).toBe(2);
    expect(events[3]!.issues.map((i) => [i.code, i.severity])).toEqual([['xml.entity', 'warning']]);
    expect(events[3]!.event.EventData!['X']).toBe('&nbsp;');
    expect(events[0]!.issues).toEqual([]);
  });
});

describe('Event XML: hostile and broken input', () => {
  it('refuses the billion-laughs file quickly, with position, and reads nothing after', () => {
    const t0 = Date.now();
    const { events, issues } = readEventXmlBytes(readFileSync(resolve(FIXTURES, 'billion-laughs.xml')), { path: 'bomb.xml' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(events).toEqual([]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'xml.dtd_refused', context: { path: 'bomb.xml', line: 2, offset: 22 } });
    expect(issues[0]!.message).toMatch(/DOCTYPE/);
  });

  it('refuses the XXE file at the DOCTYPE and keeps the event before it', () => {
    const { events, issues } = readEventXmlBytes(readFileSync(resolve(FIXTURES, 'xxe.xml')));
    expect(events.map((e) => e.event.EventRecordID)).toEqual([1]);
    expect(issues.map((i) => [i.code, i.context.line])).toEqual([['xml.dtd_refused', 3]]);
  });

  it('refuses a bare <!ENTITY even split across chunks', () => {
    const r = new EventXmlReader();
    const out = [...r.push(sysmonEvent(1) + '\n<'), ...r.push('!'), ...r.push('ENT'), ...r.push('ITY x "y">\n' + sysmonEvent(2)), ...r.end()];
    expect(out.map((e) => e.event.EventRecordID)).toEqual([1]);
    expect(r.issues.map((i) => i.code)).toEqual(['xml.dtd_refused']);
    expect(r.stopped).toBe(true);
  });

  it('reports a truncated document with the unfinished element and keeps the complete event', () => {
    const { events, issues } = readEventXmlBytes(readFileSync(resolve(FIXTURES, 'truncated.xml')));
    expect(events.map((e) => e.event.EventRecordID)).toEqual([100]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('xml.truncated');
    expect(issues[0]!.context.line).toBe(3); // the <Data> left open on line 3
    expect(issues[0]!.message).toMatch(/inside <Data>.*dropped/);
  });

  it('reports truncation inside a tag', () => {
    const { events, issues } = readEventXml(sysmonEvent(1) + '\n<Event xmlns="http://sch');
    expect(events).toHaveLength(1);
    expect(issues.map((i) => [i.code, i.context.line])).toEqual([['xml.truncated', 2]]);
  });

  it('an over-long line stops at its position, keeps the events before it and resumes after it', () => {
    const long = sysmonEvent(2, `<Data Name="CommandLine">${'A'.repeat(5000)}</Data>`);
    const text = [sysmonEvent(1), long, sysmonEvent(3)].join('\n');
    const r = new EventXmlReader({ maxTokenLength: 1000, path: 'long.log' });
    const got = [];
    for (let i = 0; i < text.length; i += 256) got.push(...r.push(text.slice(i, i + 256)));
    got.push(...r.end());
    expect(got.map((e) => e.event.EventRecordID)).toEqual([1, 3]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'xml.token_too_long', context: { path: 'long.log', line: 2 } });
    expect(r.issues[0]!.context.offset).toBe(sysmonEvent(1).length + 1 + long.indexOf('AAAA'));
  });

  it('an over-long token at the end of input is reported, not waited for forever', () => {
    const r = new EventXmlReader({ maxTokenLength: 100 });
    const got = [...r.push(sysmonEvent(1)), ...r.push('<Event attr="')];
    for (let i = 0; i < 50; i++) got.push(...r.push('x'.repeat(10)));
    got.push(...r.end());
    expect(got).toHaveLength(1);
    expect(r.issues[0]!.code).toBe('xml.token_too_long');
  });

  it('bounds depth: a deeply nested document is refused at the limit, events before are kept', () => {
    const deep = '<Event><System>' + '<a>'.repeat(100_000) + '</a>'.repeat(100_000) + '</System></Event>';
    const { events, issues } = readEventXml(sysmonEvent(1) + deep + sysmonEvent(3), { maxDepth: 32 });
    expect(events.map((e) => e.event.EventRecordID)).toEqual([1, 3]);
    expect(issues[0]).toMatchObject({ code: 'xml.depth_exceeded' });
    expect(issues[0]!.context.offset).toBe(sysmonEvent(1).length + '<Event><System>'.length + 30 * 3);
    // the resync skips the rest of the deep event (its closing tags) up to the next <Event
    expect(issues).toHaveLength(1);
  });

  it('bounds attribute count', () => {
    const attrs = Array.from({ length: 100 }, (_, i) => `a${i}="v"`).join(' ');
    const { events, issues } = readEventXml(`<Events>${sysmonEvent(1)}<Event ${attrs}><System/></Event>${sysmonEvent(2)}</Events>`, { maxAttributes: 64 });
    expect(events.map((e) => e.event.EventRecordID)).toEqual([1, 2]);
    expect(issues.map((i) => i.code)).toEqual(['xml.too_many_attributes']);
  });

  it('mismatched tags and junk are reported with positions, other events kept', () => {
    const text = [sysmonEvent(1), 'garbage line', '<Event><System></Sys></Event>', 'skipped by the resync', sysmonEvent(3)].join('\n');
    const { events, issues } = readEventXml(text);
    expect(events.map((e) => e.event.EventRecordID)).toEqual([1, 3]);
    expect(issues.map((i) => [i.code, i.context.line])).toEqual([['xml.text_outside_event', 2], ['xml.malformed', 3]]);
  });

  it('keeps maxIssues samples and counts the rest', () => {
    const text = Array.from({ length: 50 }, () => '<Event><a></b></Event>').join('\n');
    const { issues, unstoredIssues } = readEventXml(text, { maxIssues: 10 });
    expect(issues).toHaveLength(10);
    expect(issues.every((i) => i.code === 'xml.malformed')).toBe(true);
    expect(unstoredIssues).toEqual({ errors: 40, warnings: 0 });
  });

  it('reads a large export without any newline in linear time (wevtutil writes no newlines)', () => {
    const one = sysmonEvent(1);
    const n = 20_000;
    const text = '<Events>' + one.repeat(n) + '</Events>';
    const t0 = Date.now();
    const r = new EventXmlReader();
    let count = 0;
    for (let i = 0; i < text.length; i += 65536) count += r.push(text.slice(i, i + 65536)).length;
    count += r.end().length;
    expect(count).toBe(n);
    expect(r.issues).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(10_000); // was quadratic (minutes) before the newline cache
  });

  it('does not hang or crash on random bytes', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = '<>/="\' !?-[]&;#xEventDataSystem\n';
    for (let n = 0; n < 200; n++) {
      let s = '';
      for (let i = 0; i < 400; i++) s += alphabet[Math.floor(rnd() * alphabet.length)];
      const r = readEventXml(s, { maxTokenLength: 100 });
      expect(Array.isArray(r.events)).toBe(true);
    }
  });
});
