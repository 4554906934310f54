/** Whole rules: logsource variants (channel + EventID), Security 4688/4657 copies, metadata. */
import { describe, expect, it } from 'vitest';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';
import { event, rule } from './helpers';

const procRule = (detection: string): string => `title: t\nid: r1\nlevel: high\ntags: [attack.execution, attack.t1059.001]\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n${detection.replace(/^/gm, '  ')}`;

describe('compileRule', () => {
  it('process_creation runs on Sysmon 1 and on Security 4688 with the field mapping', () => {
    const r = rule(procRule("sel:\n  Image|endswith: '\\whoami.exe'\n  ParentImage|endswith: '\\cmd.exe'\ncondition: sel"));
    expect(r.meta.mitre).toEqual(['T1059.001']);
    expect(r.match(event({ Image: 'C:\\Windows\\whoami.exe', ParentImage: 'C:\\cmd.exe' }))).toBe(true);
    expect(r.match(event({ Image: 'C:\\Windows\\whoami.exe', ParentImage: 'C:\\cmd.exe' }, { eventId: 3 }))).toBe(false);
    expect(r.match(event({ Image: 'C:\\Windows\\whoami.exe', ParentImage: 'C:\\cmd.exe' }, { channel: 'Application' }))).toBe(false);
    const sec = { eventId: 4688, channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' };
    expect(r.match(event({ NewProcessName: 'C:\\Windows\\whoami.exe', ParentProcessName: 'C:\\cmd.exe' }, sec))).toBe(true);
    expect(r.match(event({ NewProcessName: 'C:\\Windows\\notepad.exe', ParentProcessName: 'C:\\cmd.exe' }, sec))).toBe(false);
  });
  it('a rule reading a Sysmon-only field does not run on 4688', () => {
    const r = rule(procRule("sel:\n  Image|endswith: '\\whoami.exe'\nfilter:\n  OriginalFileName: x\ncondition: sel and not filter"));
    expect(r.variants.map((v) => v.logsource.name)).toEqual(['process_creation_1']);
    expect(r.match(event({ NewProcessName: 'C:\\whoami.exe' }, { eventId: 4688, channel: 'Security' }))).toBe(false);
  });
  it('registry_set runs on Sysmon 13 and on Security 4657 with the path in Sysmon form', () => {
    const r = rule("title: t\nid: r2\nlogsource:\n  product: windows\n  category: registry_set\ndetection:\n  sel:\n    TargetObject|startswith: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\'\n  condition: sel");
    expect(r.match(event({ TargetObject: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil', EventType: 'SetValue' }, { eventId: 13 }))).toBe(true);
    const sec = { eventId: 4657, channel: 'Security' };
    const data = { ObjectName: '\\REGISTRY\\MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run', ObjectValueName: 'evil', OperationType: '%%1905', NewValue: 'c:\\x.exe' };
    expect(r.match(event(data, sec))).toBe(true);
    expect(r.match(event({ ...data, OperationType: '%%1906' }, sec))).toBe(false); // a deletion is not registry_set
    expect(r.match(event({ ...data, ObjectName: '\\REGISTRY\\USER\\S-1-5-21\\Software' }, sec))).toBe(false);
  });
  it('registry_add needs Sysmon 12 with EventType CreateKey', () => {
    const r = rule("title: t\nid: r3\nlogsource:\n  product: windows\n  category: registry_add\ndetection:\n  sel:\n    TargetObject|contains: 'Run'\n  condition: sel");
    expect(r.match(event({ TargetObject: 'HKLM\\Run', EventType: 'CreateKey' }, { eventId: 12 }))).toBe(true);
    expect(r.match(event({ TargetObject: 'HKLM\\Run', EventType: 'DeleteKey' }, { eventId: 12 }))).toBe(false);
  });
  it('a service rule runs on its channel, any EventID; header fields are matched', () => {
    const r = rule("title: t\nid: r4\nlogsource:\n  product: windows\n  service: security\ndetection:\n  sel:\n    EventID: 4625\n    Computer|startswith: 'DC'\n    Provider_Name: Microsoft-Windows-Security-Auditing\n  condition: sel");
    const sec = { eventId: 4625, channel: 'Security', computer: 'dc01', provider: 'Microsoft-Windows-Security-Auditing' };
    expect(r.match(event({}, sec))).toBe(true);
    expect(r.match(event({}, { ...sec, computer: 'ws1' }))).toBe(false);
    expect(r.match(event({}, { ...sec, channel: 'System' }))).toBe(false);
  });
  it('an unknown logsource, a missing title or id, a bad level are rule errors', () => {
    expect(() => rule('title: t\nid: x\nlogsource:\n  product: windows\n  category: nope\ndetection:\n  s: {A: 1}\n  condition: s')).toThrow(/unsupported|no channel/);
    expect(() => rule('id: x\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s: {A: 1}\n  condition: s')).toThrow(SigmaRuleError);
    expect(() => rule('title: t\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s: {A: 1}\n  condition: s')).toThrow(SigmaRuleError);
    expect(() => rule('title: t\nid: x\nlevel: severe\nlogsource:\n  product: windows\n  service: security\ndetection:\n  s: {A: 1}\n  condition: s')).toThrow(SigmaRuleError);
  });
});
