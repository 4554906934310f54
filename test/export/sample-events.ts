/**
 * Normalised events for the export tests, read from Event XML by the project's own reader and
 * normaliser (so they have exactly the shape the workers hand to the exports), plus a hostile one.
 */
import { readEventXml } from '../../src-main/ingest/xml/index';
import { normaliseEvent } from '../../src-main/model/normalise';
import type { NormalisedEvent } from '../../src-main/model/event';
import { setOwn, type FieldValue } from '../../src-main/model/fields';

const NS = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";

function system(id: number, provider: string, guid: string, channel: string, record: number, time: string, extra = ''): string {
  return `<System><Provider Name='${provider}' Guid='${guid}'/><EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>${id}</Task>`
    + `<Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${time}'/><EventRecordID>${record}</EventRecordID>`
    + `<Correlation/><Execution ProcessID='3000' ThreadID='4000'/><Channel>${channel}</Channel><Computer>WS-01.corp.example</Computer>`
    + `<Security UserID='S-1-5-18'/>${extra}</System>`;
}

const SYSMON = ['Microsoft-Windows-Sysmon', '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', 'Microsoft-Windows-Sysmon/Operational'] as const;
const SECURITY = ['Microsoft-Windows-Security-Auditing', '{54849625-5478-4994-A5BA-3E3B0328C30D}', 'Security'] as const;

function data(fields: Record<string, string>): string {
  return `<EventData>${Object.entries(fields).map(([k, v]) => `<Data Name='${k}'>${v}</Data>`).join('')}</EventData>`;
}

export const SAMPLE_XML: Record<string, string> = {
  processStart: `<Event ${NS}>${system(1, ...SYSMON, 101, '2024-03-01T10:00:00.1234567Z')}${data({
    RuleName: '-', UtcTime: '2024-03-01 10:00:00.123', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242',
    Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe', OriginalFileName: 'evil.exe', CommandLine: 'evil.exe -q &amp; whoami',
    CurrentDirectory: 'C:\\Users\\bob\\', User: 'CORP\\bob', IntegrityLevel: 'Medium',
    Hashes: 'MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF,IMPHASH=FEDCBA9876543210FEDCBA9876543210',
    ParentProcessGuid: '{11111111-2222-3333-4444-000000000000}', ParentProcessId: '1000', ParentImage: 'C:\\Windows\\explorer.exe', ParentCommandLine: 'C:\\Windows\\explorer.exe',
  })}</Event>`,
  network: `<Event ${NS}>${system(3, ...SYSMON, 102, '2024-03-01T10:00:01.0000000Z')}${data({
    UtcTime: '2024-03-01 10:00:01.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242', Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
    User: 'CORP\\bob', Protocol: 'tcp', Initiated: 'true', SourceIsIpv6: 'false', SourceIp: '10.0.0.5', SourceHostname: 'WS-01', SourcePort: '50123',
    DestinationIsIpv6: 'false', DestinationIp: 'not-an-ip', DestinationHostname: 'c2.example', DestinationPort: '443',
  })}</Event>`,
  registry: `<Event ${NS}>${system(13, ...SYSMON, 103, '2024-03-01T10:00:02.0000000Z')}${data({
    EventType: 'SetValue', UtcTime: '2024-03-01 10:00:02.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242',
    Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
    TargetObject: 'HKU\\S-1-5-21-1-2-3-1001_Classes\\CLSID\\{89565275-A714-4a43-912E-978B935EDCCC}\\InProcServer32\\(Default)',
    Details: 'C:\\Users\\bob\\dynwrapx.dll', User: 'CORP\\bob',
  })}</Event>`,
  registryDword: `<Event ${NS}>${system(13, ...SYSMON, 104, '2024-03-01T10:00:03.0000000Z')}${data({
    EventType: 'SetValue', UtcTime: '2024-03-01 10:00:03.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242',
    Image: 'C:\\Windows\\regedit.exe', TargetObject: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows Defender\\DisableAntiSpyware', Details: 'DWORD (0x00000001)',
  })}</Event>`,
  dns: `<Event ${NS}>${system(22, ...SYSMON, 105, '2024-03-01T10:00:04.0000000Z')}${data({
    UtcTime: '2024-03-01 10:00:04.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242', QueryName: 'c2.example', QueryStatus: '0',
    QueryResults: 'type:  5 cdn.example;::ffff:93.184.216.34;', Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
  })}</Event>`,
  imageLoad: `<Event ${NS}>${system(7, ...SYSMON, 108, '2024-03-01T10:00:07.0000000Z')}${data({
    UtcTime: '2024-03-01 10:00:07.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242', Image: 'C:\\Windows\\System32\\rundll32.exe',
    ImageLoaded: 'C:\\Users\\bob\\dynwrapx.dll', OriginalFileName: 'dynwrapx.dll', Hashes: 'SHA1=0123456789ABCDEF0123456789ABCDEF01234567', Signed: 'false',
    Signature: '-', SignatureStatus: 'Unavailable', User: 'CORP\\bob',
  })}</Event>`,
  fileCreate: `<Event ${NS}>${system(11, ...SYSMON, 109, '2024-03-01T10:00:08.0000000Z')}${data({
    UtcTime: '2024-03-01 10:00:08.000', ProcessGuid: '{11111111-2222-3333-4444-555555555555}', ProcessId: '4242', Image: 'C:\\Users\\bob\\AppData\\Local\\Temp\\evil.exe',
    TargetFilename: 'C:\\Users\\bob\\dynwrapx.dll', CreationUtcTime: '2024-03-01 10:00:08.000', User: 'CORP\\bob',
  })}</Event>`,
  logon: `<Event ${NS}>${system(4624, ...SECURITY, 106, '2024-03-01T10:00:05.0000000Z')}${data({
    SubjectUserSid: 'S-1-5-18', SubjectUserName: 'WS-01$', SubjectDomainName: 'CORP', TargetUserSid: 'S-1-5-21-1-2-3-1001', TargetUserName: 'bob',
    TargetDomainName: 'CORP', LogonType: '3', IpAddress: '10.0.0.9', IpPort: '51515', WorkstationName: 'WS-02',
  })}</Event>`,
  other: `<Event ${NS}>${system(7045, 'Service Control Manager', '{555908D1-A6D7-4695-8E1E-26931D2012F4}', 'System', 107, '2024-03-01T10:00:06.0000000Z')}${data({
    ServiceName: 'evilsvc', ImagePath: '=cmd.exe /c calc', ServiceType: 'user mode service', StartType: 'auto start', AccountName: 'LocalSystem',
  })}</Event>`,
};

export function eventFromXml(xml: string, evidence = 'WS-01/sample.xml'): NormalisedEvent {
  const r = readEventXml(xml);
  if (r.events.length !== 1) throw new Error(`expected one event, got ${r.events.length}: ${JSON.stringify(r.issues)}`);
  return normaliseEvent(r.events[0]!.event, { evidence });
}

export function sampleEvents(): NormalisedEvent[] {
  return Object.values(SAMPLE_XML).map((x) => eventFromXml(x));
}

/** Values that must stay data in every format: markup, quotes, controls, bidi, formula starters, a huge value, odd names. */
export function hostileEvent(): NormalisedEvent {
  const ev = eventFromXml(SAMPLE_XML.processStart!);
  const huge = 'A'.repeat(1_000_000);
  ev.data = {
    ...ev.data,
    CommandLine: `</Data></EventData><Data Name='x'>injected</Data>"'<![CDATA[x]]>&amp;`,
    Control: 'a\u0000b\u0001c\u001bd[31m\re\nf\tg\u202eh\ud800i\uffff',
    Formula: '=HYPERLINK("http://x","y")',
    Plus: '+1+1', Minus: '-2', At: '@SUM(1)',
    Huge: huge,
    'Name With.Dot': 'v', '': 'empty name', '_id': 'underscore',
    Nested: { Inner: ['a', 'b'] },
    Data: ['unnamed 1', 'unnamed <2>'],
  };
  setOwn<FieldValue>(ev.data, '__proto__', 'proto');
  return ev;
}
