/** The JSON reader on the shared corpus's real samples (shapes, framing and hostile input: test/ingest/json/reader.test.ts). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSysmonMessage, readJsonEventsBytes } from '../../../../src-main/ingest/json/index';
import { SHARED_EVIDENCE } from '../../../helpers/paths';
import { requires } from '../../../helpers/requires';

const EVIDENCE = SHARED_EVIDENCE;

const SIGMA_JSON = 'sigmahq-sigma/regression_data/rules/windows/registry/registry_set/registry_set_persistence_com_key_linking/9b0f8a61-91b2-464f-aceb-0527e0a45020.json';

describe.skipIf(requires('corpus'))('JSON: real samples', () => {
  it('reads the SigmaHQ evtx_dump-style pretty JSON object', () => {
    const { events, issues } = readJsonEventsBytes(readFileSync(resolve(EVIDENCE, SIGMA_JSON)));
    expect(issues).toEqual([]);
    expect(events).toHaveLength(1);
    const { event: e, shape } = events[0]!;
    expect(shape).toBe('evtx_dump');
    expect(e).toMatchObject({
      EventRecordID: 16447792, EventID: 13, Version: 2, Level: 4, Task: 13, Opcode: 0, Keywords: '0x8000000000000000',
      TimeCreated: '2025-10-25T23:53:11.1175300Z', Channel: 'Microsoft-Windows-Sysmon/Operational',
      Computer: 'ar-win-dc.attackrange.local', Security: { UserID: 'S-1-5-18' },
      Execution: { ProcessID: 3308, ThreadID: 4008 }, Correlation: { ActivityID: null, RelatedActivityID: null },
      Provider: { Name: 'Microsoft-Windows-Sysmon', Guid: '5770385F-C22A-43E0-BF4C-06F5698FFBD9', EventSourceName: null },
    });
    expect(e.EventData).toMatchObject({ ProcessId: 8536, ProcessGuid: '5AA13A44-62E7-68FD-C13E-000000004002', EventType: 'SetValue' });
    expect(Object.keys(e.EventData!)).toHaveLength(9);
  });

  it('reads the Winlogbeat JSON lines and restores the Sysmon fields the module moved out of event_data', () => {
    const { events, issues } = readJsonEventsBytes(readFileSync(resolve(EVIDENCE, 'zircolite/tests/fixtures/winlogbeat_sysmon_sample.json')));
    expect(issues).toEqual([]);
    expect(events.map((e) => [e.shape, e.event.EventID, e.event.EventRecordID, e.line])).toEqual([['winlogbeat', 11, 633889, 1], ['winlogbeat', 13, 633900, 2]]);
    const fc = events[0]!.event;
    expect(fc.Computer).toBe('s.domain.local');
    expect(fc.Channel).toBe('Microsoft-Windows-Sysmon/Operational');
    expect(fc.TimeCreated).toBe('2024-02-13T06:56:24.2230000Z');
    expect(fc.Provider.Guid).toBe('{5770385f-c22a-43e0-bf4c-06f5698ffbd9}');
    expect(fc.Execution).toEqual({ ProcessID: 3384, ThreadID: 3256 });
    expect(fc.Task).toBeNull(); // Winlogbeat writes the task name, not its number
    expect(fc.EventData).toEqual({
      CreationUtcTime: '2024-02-09 18:40:54.452', User: 'NT AUTHORITY\\LOCAL SERVICE', // from event_data
      RuleName: 'technique_id=T1574.010,technique_name=Services File Permissions Weakness', // from message
      UtcTime: '2024-02-13 06:56:24.223', ProcessGuid: '{3400037d-7178-65c6-1d00-000000000b00}', ProcessId: '1336',
      Image: 'C:\\Windows\\System32\\svchost.exe', TargetFilename: 'C:\\Windows\\ServiceState\\EventLog\\Data\\lastalive1.dat',
    });
  });

  it('parses the Sysmon message rendering only as Name: value lines after the title', () => {
    expect(parseSysmonMessage('Process Create:\nRuleName: -\nCommandLine: a: b\nnot a field line\nCommandLine: second')).toEqual({ RuleName: '-', CommandLine: 'a: b' });
  });
});
