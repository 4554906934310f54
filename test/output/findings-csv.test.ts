/** The findings CSV: Splunk's columns, RFC 4180 quoting, formula-injection safe cells (output/findings-csv.ts). */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src-main/detect/index';
import { csvCell, findingsCsv } from '../../src-main/output/findings-csv';
import { detect, sysmon } from '../detect/helpers';

const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
function finding(image: string, target = `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default)`): Finding {
  const r = detect([sysmon(13, 'WS1', { EventType: 'SetValue', UtcTime: '2024-05-01 10:00:00.000', ProcessGuid: '{AAAAAAAA-1111-2222-3333-444444444444}', ProcessId: '1', Image: image, TargetObject: target, Details: 'C:\\x.dll' }, 1)]);
  return r.findings.find((f) => f.rule_id === '127c8d08-25ff-11ec-9223-acde48001122')!;
}

describe('findingsCsv', () => {
  it('writes Splunk’s columns then the rule, CRLF, RFC 4180 quoting', () => {
    const csv = findingsCsv([finding('C:\\Program Files\\A, "B"\\x.exe')]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('dest,process_name,registry_path,registry_key_name,registry_value_name,user,count,firstTime,lastTime,rule_id,rule_name,risk_score,suppressed,level,source,rule_author');
    expect(lines[1]).toContain(`WS1,x.exe,HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InProcServer32\\(Default),InProcServer32,(Default),,1,2024-05-01T10:00:00.0000000Z`);
    expect(lines[1]).toMatch(/,false,high,builtin,$/);
    expect(lines[2]).toBe('');
    expect(findingsCsv([], { extraColumns: false })).toBe('dest,process_name,registry_path,registry_key_name,registry_value_name,user,count,firstTime,lastTime\r\n');
  });

  it('quotes commas, quotes and newlines; neutralises formula cells', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+cmd')).toBe("'+cmd");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(null)).toBe('');
    expect(csvCell(3)).toBe('3');
  });

  it('a process name starting with = cannot become a formula', () => {
    const csv = findingsCsv([finding('C:\\=cmd|calc.exe')]);
    expect(csv.split('\r\n')[1]!.split(',')[1]).toBe("'=cmd|calc.exe");
  });
});
