import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { epochSecondsText, splunkHecEventLine } from '../../src-main/export/splunk-hec-events';
import { eventXml, xmlAttr, xmlText } from '../../src-main/export/event-xml';
import { readEventXml } from '../../src-main/ingest/xml/index';
import { normaliseEvent } from '../../src-main/model/normalise';
import type { NormalisedEvent } from '../../src-main/model/event';
import { PYTHON } from '../helpers/requires';
import { hostileEvent, sampleEvents } from './sample-events';

/** The Event XML read back by the project's own Event XML reader and normaliser. */
function readBack(xml: string): NormalisedEvent {
  const r = readEventXml(xml);
  expect(r.issues).toEqual([]);
  expect(r.events).toHaveLength(1);
  expect(r.events[0]!.issues).toEqual([]);
  return normaliseEvent(r.events[0]!.event, { evidence: 'x' });
}

/** Parses each document with Python's expat (a strict XML 1.0 parser); returns the EventID text of each. */
function expatEventIds(xmls: string[]): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hec-xml-'));
  const file = path.join(dir, 'docs.json');
  writeFileSync(file, JSON.stringify(xmls));
  const script = 'import json,sys,xml.etree.ElementTree as ET\n'
    + 'ns="{http://schemas.microsoft.com/win/2004/08/events/event}"\n'
    + 'for d in json.load(open(sys.argv[1],encoding="utf-8")):\n'
    + '  e=ET.fromstring(d.encode("utf-8"))\n'
    + '  print(e.find(ns+"System/"+ns+"EventID").text)\n';
  return execFileSync(PYTHON, ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n');
}

describe('splunkHecEventLine', () => {
  it('writes one HEC object with time, host, source, sourcetype and the Event XML', () => {
    const ev = sampleEvents()[0]!;
    const line = splunkHecEventLine(ev);
    expect(line).not.toContain('\n');
    const o = JSON.parse(line);
    expect(Object.keys(o)).toEqual(['time', 'host', 'source', 'sourcetype', 'event']);
    expect(line.startsWith('{"time":1709287200.123000,')).toBe(true);
    expect(o).toMatchObject({ host: 'WS-01.corp.example', source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' });
    expect(o.event).toMatch(/^<Event xmlns='http:\/\/schemas\.microsoft\.com\/win\/2004\/08\/events\/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='\{5770385F-C22A-43E0-BF4C-06F5698FFBD9\}'\/><EventID>1<\/EventID>/);
    expect(o.event).toContain("<Data Name='CommandLine'>evil.exe -q &amp; whoami</Data>");
  });

  it('carries Event XML that reads back into the same event, for every sample', () => {
    for (const ev of sampleEvents()) {
      const back = readBack(JSON.parse(splunkHecEventLine(ev)).event);
      expect({ ...back, evidence: ev.evidence }).toEqual(ev);
    }
  });

  it('keeps hostile values as data: no injected element, markup escaped, huge values whole', () => {
    const ev = hostileEvent();
    const xml = eventXml(ev);
    const back = readBack(xml);
    expect(back.data.CommandLine).toBe(ev.data.CommandLine);
    expect(back.data.x).toBeUndefined();
    expect(back.data.Formula).toBe('=HYPERLINK("http://x","y")');
    expect(back.data.Huge).toBe(ev.data.Huge);
    expect(back.data['Name With.Dot']).toBe('v');
    expect(Object.prototype.hasOwnProperty.call(back.data, '__proto__')).toBe(true);
    // `<Data Name=''>` reads as an unnamed Data element (the Event schema has no empty name).
    expect(back.data.Data).toEqual(['empty name', 'unnamed 1', 'unnamed <2>']);
    // XML 1.0 cannot carry NUL, other C0 controls, U+FFFF or a lone surrogate: they become visible markers; CR, LF, tab and bidi stay.
    expect(back.data.Control).toBe('a⟨U+0000⟩b⟨U+0001⟩c⟨U+001B⟩d[31m\re\nf\tg\u202eh⟨U+D800⟩i⟨U+FFFF⟩');
  });

  it.skipIf(!existsSync(PYTHON))('writes well-formed XML 1.0 that a strict parser reads (expat), hostile values included', () => {
    const evs = [...sampleEvents(), hostileEvent()];
    expect(expatEventIds(evs.map((e) => JSON.parse(splunkHecEventLine(e)).event))).toEqual(evs.map((e) => String(e.event_id)));
  });

  it("matches the System extractions of Splunk's Sysmon add-on (transforms.conf: EventID, Version, Level, Task, Opcode, Keywords, single-quoted TimeCreated, EventRecordID)", () => {
    const xml = JSON.parse(splunkHecEventLine(sampleEvents()[2]!)).event as string;
    expect(/<EventID>(\d+)<\/EventID>/.exec(xml)?.[1]).toBe('13');
    expect(/<Version>(\d+)<\/Version>/.exec(xml)?.[1]).toBe('5');
    expect(/<Level>(\d+)<\/Level>/.exec(xml)?.[1]).toBe('4');
    expect(/<Task>(\d+)<\/Task>/.exec(xml)?.[1]).toBe('13');
    expect(/<Opcode>(\d+)<\/Opcode>/.exec(xml)?.[1]).toBe('0');
    expect(/<Keywords>(0x[0-9a-fA-F]+)<\/Keywords>/.exec(xml)?.[1]).toBe('0x8000000000000000');
    expect(/<TimeCreated SystemTime='(.*?)'\/>/.exec(xml)?.[1]).toBe('2024-03-01T10:00:02.0000000Z');
    expect(/<EventRecordID>(\d+)<\/EventRecordID>/.exec(xml)?.[1]).toBe('103');
    expect(/<Data Name='TargetObject'>(.*?)<\/Data>/.exec(xml)?.[1]).toBe('HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)');
  });

  it('escapes text and single-quoted attributes', () => {
    expect(xmlText(`<a b='c'>&"`)).toBe(`&lt;a b='c'&gt;&amp;"`);
    expect(xmlAttr(`x'y"z<\n\t`)).toBe('x&apos;y&quot;z&lt;&#xA;&#x9;');
  });

  it('writes epoch seconds with the microseconds exactly', () => {
    expect(epochSecondsText('2024-03-01T10:00:00.1234567Z', Date.UTC(2024, 2, 1, 10, 0, 0, 123))).toBe('1709287200.123456');
    expect(epochSecondsText('1970-01-01T00:00:00.0000000Z', 0)).toBe('0.000000');
    expect(epochSecondsText(null, null)).toBeNull();
  });
});
