/** The timeline's registry paths: the SID gives way to the meaningful tail (lib/registry-tail.ts). */
import { describe, expect, it } from 'vitest';
import { registryTail, shortenRegistryPaths } from '../../../src-renderer/lib/registry-tail';

const SID = 'HKU\\S-1-5-21-3163461848-2742339137-1585722155-1107_Classes';
const CLSID = '{89565275-A714-4a43-912E-978B935EDCCC}';
const SHORT = '{89565275…}';

describe('registryTail', () => {
  it('cuts the SID and the middle, keeping the hive and the last four segments', () => {
    expect(registryTail(`${SID}\\CLSID\\${CLSID}\\InProcServer32\\(Default)`)).toBe(`HKU\\…\\CLSID\\${SHORT}\\InProcServer32\\(Default)`);
    expect(registryTail(`${SID}\\CLSID\\${CLSID}\\InProcServer32`)).toBe(`HKU\\…\\CLSID\\${SHORT}\\InProcServer32`);
    // Only a whole GUID key is shortened; the full path stays in the title and the event's fields.
    expect(registryTail('HKLM\\SOFTWARE\\Classes\\CLSID\\{not-a-guid}\\x')).toBe('HKLM\\…\\CLSID\\{not-a-guid}\\x');
    expect(registryTail(`${SID}\\DynamicWrapperX`)).toBe('HKU\\…\\DynamicWrapperX');
    expect(registryTail('HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\evil')).toBe('HKLM\\…\\Windows\\CurrentVersion\\Run\\evil');
    expect(registryTail('\\REGISTRY\\USER\\S-1-5-18\\Software\\Classes\\CLSID\\{X}\\InprocServer32')).toBe('\\REGISTRY\\USER\\…\\CLSID\\{X}\\InprocServer32');
    expect(registryTail('HKCU\\Software\\Classes\\CLSID\\{X}')).toBe('HKCU\\…\\CLSID\\{X}');
    // The GUID naming the object stays in view when the tail is deeper than four keys.
    expect(registryTail(`${SID}\\TypeLib\\${CLSID}\\1.0\\0\\win32\\(Default)`)).toBe(`HKU\\…\\TypeLib\\${SHORT}\\1.0\\0\\win32\\(Default)`);
  });

  it('leaves short paths and non-registry text alone', () => {
    expect(registryTail('HKLM\\SYSTEM\\Setup')).toBe('HKLM\\SYSTEM\\Setup');
    expect(registryTail('HKU\\S-1-5-18')).toBe('HKU\\S-1-5-18');
    expect(registryTail('C:\\Windows\\System32\\a\\b\\c\\d.dll')).toBe('C:\\Windows\\System32\\a\\b\\c\\d.dll');
  });

  it('rows that differed only after the SID now differ in what is shown', () => {
    const rows = ['CreateKey', 'SetValue'].flatMap((a) => [`${a} ${SID}\\CLSID\\${CLSID}\\InProcServer32`, `${a} ${SID}\\CLSID\\${CLSID}\\InProcServer32\\ThreadingModel = Apartment`]);
    const shown = rows.map((r) => shortenRegistryPaths(r).slice(0, 60));
    expect(new Set(shown).size).toBe(4);
    expect(shown.every((s) => !s.includes('S-1-5-21'))).toBe(true);
  });
});

describe('shortenRegistryPaths', () => {
  it('shortens the path of a summary up to " = " and keeps the data', () => {
    expect(shortenRegistryPaths(`SetValue ${SID}\\CLSID\\${CLSID}\\InProcServer32\\(Default) = C:\\Users\\j.doe\\x.dll`))
      .toBe(`SetValue HKU\\…\\CLSID\\${SHORT}\\InProcServer32\\(Default) = C:\\Users\\j.doe\\x.dll`);
    expect(shortenRegistryPaths(`SetValue: ${SID}\\A\\B\\C\\D\\E`)).toBe('SetValue: HKU\\…\\B\\C\\D\\E');
  });

  it('shortens every path of a line, and not a root inside a word or a path', () => {
    expect(shortenRegistryPaths(`RenameKey ${SID}\\A\\B\\C\\D\\E = HKLM\\SOFTWARE\\A\\B\\C\\D\\E`)).toBe('RenameKey HKU\\…\\B\\C\\D\\E = HKLM\\…\\B\\C\\D\\E');
    expect(shortenRegistryPaths('C:\\xHKU\\a\\b\\c\\d\\e\\f')).toBe('C:\\xHKU\\a\\b\\c\\d\\e\\f');
    expect(shortenRegistryPaths('Process start C:\\Windows\\regedit.exe')).toBe('Process start C:\\Windows\\regedit.exe');
  });
});
