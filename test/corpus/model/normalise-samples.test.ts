/**
 * Normalisation on the real samples of every text format, and the same event from XML and
 * JSON giving the same model.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readEventXmlBytes } from '../../../src-main/ingest/xml/index';
import { readJsonEventsBytes, JsonEventReader } from '../../../src-main/ingest/json/index';
import { ZipArchive, bytesSource } from '../../../src-main/ingest/zip/index';
import { normaliseEvent } from '../../../src-main/model/normalise';
import { compareEvents, eventProcessKey, processJoinKey } from '../../../src-main/model/join';
import type { NormalisedEvent } from '../../../src-main/model/event';
import type { ProcessView, RegistryView } from '../../../src-main/model/cim';
import { SHARED_EVIDENCE } from '../../helpers/paths';
import { requires } from '../../helpers/requires';

const EVIDENCE = SHARED_EVIDENCE;
const SIGMA = 'sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020';
const OTRF = 'otrf-security-datasets/datasets/atomic/windows/lateral_movement/host/covenant_dcom_executeexcel4macro_allowed.zip';

describe.skipIf(requires('corpus'))('normalise: same event from XML and from JSON', () => {
  it('the SigmaHQ JSON and its Event XML rendering normalise to the same model', () => {
    const json = readJsonEventsBytes(readFileSync(resolve(EVIDENCE, `${SIGMA}.json`)));
    const xml = readEventXmlBytes(readFileSync(resolve(__dirname, '../../fixtures/xml/sigma-9b0f8a61.xml')));
    expect(json.issues).toEqual([]);
    expect(xml.issues).toEqual([]);
    // the raw events differ (number vs text, GUID spelling, time precision) …
    expect(json.events[0]!.event).not.toEqual(xml.events[0]!.event);
    const a = normaliseEvent(json.events[0]!.event, { evidence: 'x' });
    const b = normaliseEvent(xml.events[0]!.event, { evidence: 'x' });
    // … the normalised ones do not
    expect(b).toEqual(a);
    expect(a.view).toMatchObject({
      kind: 'registry', action: 'modified', dest: 'ar-win-dc.attackrange.local', user: 'ATTACKRANGE\\Administrator',
      process_guid: '{5AA13A44-62E7-68FD-C13E-000000004002}', process_id: 8536, process_name: 'reg.exe',
      registry_path: 'HKU\\S-1-5-21-3960063115-309473240-3247002503-500_Classes\\CLSID\\{97D47D56-3777-49FB-8E8F-90D7E30E1A1E}\\TreatAs\\(Default)',
      registry_key_name: 'HKU\\S-1-5-21-3960063115-309473240-3247002503-500_Classes\\CLSID\\{97D47D56-3777-49FB-8E8F-90D7E30E1A1E}\\TreatAs',
      registry_value_name: '(Default)', registry_value_is_default: true, registry_value_data: '{00000001-0000-0000-0000-0000FEEDACDC}',
      registry_key_canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{97D47D56-3777-49FB-8E8F-90D7E30E1A1E}\\TREATAS',
      registry_scope: 'user', registry_user_sid: 'S-1-5-21-3960063115-309473240-3247002503-500',
    });
    expect(a).toMatchObject({ time: '2025-10-25T23:53:11.1140000Z', time_source: 'UtcTime', time_created: '2025-10-25T23:53:11.1175300Z' });
  });
});

describe.skipIf(requires('corpus'))('normalise: zircolite XML (Security)', () => {
  it('gives provenance, times from TimeCreated and no CIM view for logon events', () => {
    const { events } = readEventXmlBytes(readFileSync(resolve(EVIDENCE, 'zircolite/tests/fixtures/xml_events_sample.xml')));
    const n = events.map((e) => normaliseEvent(e.event, { evidence: 'zircolite/xml_events_sample.xml' }));
    expect(n.map((e) => [e.event_id, e.record_id, e.dest, e.time, e.time_source, e.view])).toEqual([
      [4672, 4398962269, 'HOST.local', '2023-02-06T22:07:30.4040660Z', 'TimeCreated', null],
      [4624, 4398962270, 'HOST.local', '2023-02-06T22:07:30.4041880Z', 'TimeCreated', null],
    ]);
    expect(n[0]!.system).toMatchObject({ keywords: '0x80200000000000', activity_id: '{3013DE7A-3A71-0000-93DE-1330713AD901}', user_sid: null });
    expect(n[1]!.data['LogonType']).toBe('3');
    expect(compareEvents(n[0]!, n[1]!)).toBeLessThan(0);
  });
});

describe.skipIf(requires('corpus'))('normalise: Winlogbeat JSON (Sysmon 11 and 13)', () => {
  it('fills the Filesystem and Registry views', () => {
    const { events } = readJsonEventsBytes(readFileSync(resolve(EVIDENCE, 'zircolite/tests/fixtures/winlogbeat_sysmon_sample.json')));
    const [file, reg] = events.map((e) => normaliseEvent(e.event, { evidence: 'wlb.json' }));
    expect(file!.view).toEqual({
      kind: 'filesystem', action: 'created', dest: 's.domain.local', user: 'NT AUTHORITY\\LOCAL SERVICE',
      process_guid: '{3400037D-7178-65C6-1D00-000000000B00}', process_id: 1336, process_name: 'svchost.exe', process_path: 'C:\\Windows\\System32\\svchost.exe',
      file_path: 'C:\\Windows\\ServiceState\\EventLog\\Data\\lastalive1.dat', file_name: 'lastalive1.dat', file_hash: null,
      md5: null, sha1: null, sha256: null, imphash: null, file_create_time: '2024-02-09T18:40:54.4520000Z',
    });
    expect(file!.time).toBe('2024-02-13T06:56:24.2230000Z');
    expect(reg!.view).toMatchObject({
      kind: 'registry', action: 'modified', registry_path: 'HKLM\\System\\CurrentControlSet\\Services\\WdBoot\\Start',
      registry_key_name: 'HKLM\\System\\CurrentControlSet\\Services\\WdBoot', registry_value_name: 'Start', registry_value_data: 'DWORD (0x00000003)',
      registry_key_canonical: 'HKLM\\SYSTEM\\CURRENTCONTROLSET\\SERVICES\\WDBOOT', registry_scope: 'machine', process_name: 'services.exe', process_id: 696,
    });
  });
});

describe.skipIf(requires('corpus'))('normalise: the OTRF zip (flat NXLog JSON lines)', async () => {
  if (requires('corpus')) return;
  const z = await ZipArchive.open(bytesSource(new Uint8Array(readFileSync(resolve(EVIDENCE, OTRF)))), { label: 'covenant.zip' });
  const member = z.files[0]!;
  const reader = new JsonEventReader({ path: member.label });
  const all: NormalisedEvent[] = [];
  for await (const chunk of z.stream(member)) for (const e of reader.pushBytes(chunk)) all.push(normaliseEvent(e.event, { evidence: member.label }));
  for (const e of reader.end()) all.push(normaliseEvent(e.event, { evidence: member.label }));

  it('every event has a UTC instant and provenance', () => {
    expect(all).toHaveLength(8121);
    expect(all.every((e) => e.time !== null && /Z$/.test(e.time) && e.evidence === member.label && e.record_id !== null)).toBe(true);
    const sysmon = all.filter((e) => e.channel === 'Microsoft-Windows-Sysmon/Operational');
    expect(sysmon.length).toBeGreaterThan(0);
    expect(sysmon.every((e) => e.time_source === 'UtcTime')).toBe(true);
  });

  it("OneDrive's InProcServer32 writes are Registry events joinable to their process-create on (dest, process_guid)", () => {
    const writes = all.filter((e): e is NormalisedEvent & { view: RegistryView } =>
      e.view?.kind === 'registry' && /\\INPROCSERVER32$/.test(e.view.registry_key_canonical) && e.view.registry_key_canonical.includes('{018D5C66-4533-4307-9B53-224DE2ED1FE6}'));
    expect(writes.map((w) => [w.record_id, w.event_id, w.view.action, w.view.registry_value_name, w.view.registry_wow64])).toEqual([
      [701182, 12, 'created', null, true], [701183, 13, 'modified', '(Default)', true],
      [701202, 12, 'created', null, false], [701203, 13, 'modified', '(Default)', false],
    ]);
    for (const w of writes) {
      expect(w.view).toMatchObject({
        dest: 'WORKSTATION6.theshire.local', process_guid: '{D273D0F0-D927-5F63-6D05-000000000400}', process_id: 7212,
        process_name: 'FileSyncConfig.exe', registry_scope: 'user', registry_user_sid: 'S-1-5-21-4228717743-1032521047-1810997296-1106',
        registry_key_canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\INPROCSERVER32',
      });
      expect(w.time).toBe('2020-09-17T21:46:15.5430000Z');
    }
    expect(writes[1]!.view.registry_value_data).toBe('%%systemroot%%\\SysWow64\\shell32.dll');
    expect(writes[3]!.view.registry_value_data).toBe('%%systemroot%%\\system32\\shell32.dll');
    expect(writes[3]!.view.registry_path_canonical).toBe('HKCU\\SOFTWARE\\CLASSES\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\INPROCSERVER32\\(Default)');

    const key = eventProcessKey(writes[0]!)!;
    const starts = all.filter((e): e is NormalisedEvent & { view: ProcessView } => e.view?.kind === 'process' && e.view.action === 'start' && eventProcessKey(e) === key);
    expect(starts).toHaveLength(1);
    const p = starts[0]!.view;
    expect(p).toMatchObject({
      process_name: 'FileSyncConfig.exe', process_id: 7212,
      process_path: 'C:\\Users\\sbeavers\\AppData\\Local\\Microsoft\\OneDrive\\19.002.0107.0005\\FileSyncConfig.exe',
    });
    expect(p.parent_process_guid).toMatch(/^\{[0-9A-F-]{36}\}$/);
    expect(p.process).not.toBeNull();
    expect(p.sha256).toMatch(/^[0-9A-F]{64}$/);
    expect(p.start_time! <= writes[0]!.time!).toBe(true);
    // the GUID alone is not the key: the same GUID on another host does not join
    expect(processJoinKey('OTHERHOST', p.process_guid)).not.toBe(key);
    expect(processJoinKey('workstation6.THESHIRE.local', p.process_guid)).toBe(key);
  });

  it('builds views for every Sysmon and Security event type of the model present in the sample', () => {
    const count = (channel: string, id: number, pred: (e: NormalisedEvent) => boolean = () => true) =>
      all.filter((e) => e.channel === channel && e.event_id === id && pred(e)).length;
    const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
    for (const [id, kind] of [[1, 'process'], [5, 'process'], [7, 'image_load'], [3, 'network'], [22, 'dns'], [11, 'filesystem'], [23, 'filesystem'], [12, 'registry'], [13, 'registry']] as const) {
      const n = count(SYSMON, id);
      expect(n, `Sysmon ${id} present`).toBeGreaterThan(0);
      expect(count(SYSMON, id, (e) => e.view?.kind === kind), `Sysmon ${id} → ${kind}`).toBe(n);
    }
    for (const [id, action] of [[4688, 'start'], [4689, 'stop']] as const) {
      const n = count('Security', id);
      expect(n).toBeGreaterThan(0);
      expect(count('Security', id, (e) => e.view?.kind === 'process' && e.view.action === action && e.view.process_id !== null && e.view.process_path !== null)).toBe(n);
    }
    // 4663 is a Filesystem event only for files; registry-key objects get no file view
    const f4663 = count('Security', 4663, (e) => String(e.data['ObjectType']) === 'File');
    expect(count('Security', 4663, (e) => e.view?.kind === 'filesystem')).toBe(f4663);
    expect(count('Security', 4663, (e) => e.view !== null && String(e.data['ObjectType']) !== 'File')).toBe(0);
    // Sysmon 10 (process access) is not in the model's views
    expect(count(SYSMON, 10, (e) => e.view !== null)).toBe(0);
    const load = all.find((e) => e.view?.kind === 'image_load')!;
    expect(load.view).toMatchObject({ signed: true, file_name: expect.any(String), sha1: expect.stringMatching(/^[0-9A-F]{40}$/) });
    const dns = all.find((e) => e.view?.kind === 'dns')!;
    expect(dns.view).toMatchObject({ query: expect.any(String) });
  });
});
