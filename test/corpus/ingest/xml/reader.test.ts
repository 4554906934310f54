/** The Event XML reader on the shared corpus's real sample (shapes, encodings, hostile input: test/ingest/xml/reader.test.ts). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EventXmlReader, readEventXml, readEventXmlBytes } from '../../../../src-main/ingest/xml/index';
import { SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';

const EVIDENCE = SHARED_EVIDENCE;

describe.skipIf(requires('corpus'))('Event XML: real sample (zircolite)', () => {
  it('reads both events of the root-less export with their System fields', () => {
    const bytes = readFileSync(resolve(EVIDENCE, 'zircolite/tests/fixtures/xml_events_sample.xml'));
    const { events, issues } = readEventXmlBytes(bytes, { path: 'zircolite/xml_events_sample.xml' });
    expect(issues).toEqual([]);
    expect(events.map((e) => e.event.EventID)).toEqual([4672, 4624]);
    const e = events[1]!.event;
    expect(e.EventRecordID).toBe(4398962270);
    expect(e.TimeCreated).toBe('2023-02-06T22:07:30.4041880Z'); // zone-less SystemTime taken as UTC
    expect(e.Provider).toEqual({ Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}', EventSourceName: null });
    expect(e.Qualifiers).toBeNull();
    expect(e.Keywords).toBe('0x80200000000000');
    expect(e.Execution).toEqual({ ProcessID: 712, ThreadID: 828 });
    expect(e.Correlation).toEqual({ ActivityID: '{3013de7a-3a71-0000-93de-1330713ad901}', RelatedActivityID: null });
    expect(e.Channel).toBe('Security');
    expect(e.Computer).toBe('HOST.local');
    expect(e.EventData).toMatchObject({ TargetUserSid: 'S-1-5-18', LogonType: '3', IpAddress: '::1', IpPort: '39899' });
    expect(Object.keys(e.EventData!)).toHaveLength(11);
    expect(events[1]!.line).toBe(23); // the second <Event> starts on line 23 of the file
  });

  it('gives the same events whatever the chunking (1-byte to whole-file chunks)', () => {
    const text = readFileSync(resolve(EVIDENCE, 'zircolite/tests/fixtures/xml_events_sample.xml'), 'utf8');
    const whole = readEventXml(text).events.map((e) => e.event);
    for (const size of [1, 2, 7, 64, 1000]) {
      const r = new EventXmlReader();
      const got = [];
      for (let i = 0; i < text.length; i += size) got.push(...r.push(text.slice(i, i + size)));
      got.push(...r.end());
      expect(r.issues).toEqual([]);
      expect(got.map((e) => e.event)).toEqual(whole);
    }
  });
});
