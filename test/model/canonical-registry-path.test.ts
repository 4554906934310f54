import { describe, expect, it } from 'vitest';
import {
  canonicalRegistryPath, canonicalValueName, isDefaultValueName, splitKeyAndValue,
} from '../../src-main/model/canonical-registry-path';

const CLSID = '{BCDE0395-E52F-467C-8E3D-C4579291692E}';
const SID = 'S-1-5-21-3583694148-1414552638-2922671848-1000';

describe('canonicalRegistryPath: per-user classes', () => {
  const expected = `HKCU\\SOFTWARE\\CLASSES\\CLSID\\${CLSID}\\INPROCSERVER32`;
  const spellings = [
    `HKU\\${SID}_Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKU\\${SID}_CLASSES\\CLSID\\${CLSID.toLowerCase()}\\InProcServer32`, // the Firefox sample's spelling, any case
    `HKEY_USERS\\${SID}_Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `\\REGISTRY\\USER\\${SID}_Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `\\REGISTRY\\USER\\${SID}\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKU\\${SID}\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKCU\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `hkcu\\software\\classes\\clsid\\${CLSID.toLowerCase()}\\inprocserver32`,
    `HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKCU:\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `Registry::HKEY_CURRENT_USER\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32\\`,
  ];
  for (const s of spellings) {
    it(s, () => {
      const c = canonicalRegistryPath(s);
      expect(c.canonical).toBe(expected);
      expect(c.scope).toBe('user');
      expect(c.classes).toBe(true);
      expect(c.wow64).toBe(false);
      expect(c.classesRelative).toBe(`CLSID\\${CLSID}\\INPROCSERVER32`);
    });
  }
  it('keeps the SID when the spelling names it, none for HKCU', () => {
    expect(canonicalRegistryPath(spellings[0]!).userSid).toBe(SID);
    expect(canonicalRegistryPath(spellings[3]!).userSid).toBe(SID);
    expect(canonicalRegistryPath(spellings[6]!).userSid).toBeNull();
    expect(canonicalRegistryPath('HKU\\.DEFAULT\\Software\\Classes\\CLSID\\{B5F8350B-0548-48B1-A6EE-88BD00B4A5E7}\\InprocServer32'))
      .toMatchObject({ scope: 'user', userSid: '.DEFAULT', canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{B5F8350B-0548-48B1-A6EE-88BD00B4A5E7}\\INPROCSERVER32' });
  });
});

describe('canonicalRegistryPath: machine classes and HKCR', () => {
  const expected = `HKLM\\SOFTWARE\\CLASSES\\CLSID\\${CLSID}\\INPROCSERVER32`;
  for (const s of [
    `HKLM\\SOFTWARE\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKEY_LOCAL_MACHINE\\Software\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `\\REGISTRY\\MACHINE\\SOFTWARE\\Classes\\CLSID\\${CLSID}\\InprocServer32`,
    `HKCR\\CLSID\\${CLSID}\\InprocServer32`,
    `HKEY_CLASSES_ROOT\\CLSID\\${CLSID.toLowerCase()}\\inprocserver32`,
  ]) {
    it(s, () => {
      const c = canonicalRegistryPath(s);
      expect(c.canonical).toBe(expected);
      expect(c.scope).toBe('machine');
      expect(c.userSid).toBeNull();
      expect(c.hkcrAmbiguous).toBe(/^HK(CR|EY_CLASSES_ROOT)/i.test(s));
    });
  }
  it('per-user and machine spellings of the same CLSID stay apart', () => {
    expect(canonicalRegistryPath(`HKCU\\Software\\Classes\\CLSID\\${CLSID}`).canonical)
      .not.toBe(canonicalRegistryPath(`HKLM\\Software\\Classes\\CLSID\\${CLSID}`).canonical);
    // …but share the classes-relative part a detection can match on
    expect(canonicalRegistryPath(`HKCU\\Software\\Classes\\CLSID\\${CLSID}`).classesRelative)
      .toBe(canonicalRegistryPath(`HKCR\\CLSID\\${CLSID}`).classesRelative);
  });
});

describe('canonicalRegistryPath: Wow6432Node views', () => {
  const rel = 'CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\INPROCSERVER32';
  for (const s of [
    'HKCR\\WOW6432Node\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32', // PanacheSysmon sample
    'HKLM\\SOFTWARE\\Classes\\Wow6432Node\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32',
    'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\CLSID\\{17c7da62-8517-3df1-a67c-bd4bcd2c5c3f}\\InprocServer32',
    '\\REGISTRY\\MACHINE\\SOFTWARE\\Wow6432Node\\Classes\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32',
  ]) {
    it(s, () => {
      expect(canonicalRegistryPath(s)).toMatchObject({ canonical: `HKLM\\SOFTWARE\\CLASSES\\${rel}`, scope: 'machine', wow64: true, classesRelative: rel });
    });
  }
  it('per-user Wow6432Node (the OTRF OneDrive spelling)', () => {
    const c = canonicalRegistryPath('HKU\\S-1-5-21-4228717743-1032521047-1810997296-1106_Classes\\WOW6432Node\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\InProcServer32');
    expect(c).toMatchObject({
      canonical: 'HKCU\\SOFTWARE\\CLASSES\\CLSID\\{018D5C66-4533-4307-9B53-224DE2ED1FE6}\\INPROCSERVER32',
      scope: 'user', wow64: true, userSid: 'S-1-5-21-4228717743-1032521047-1810997296-1106',
    });
  });
  it('non-classes Wow6432Node and \\REGISTRY\\USER without classes', () => {
    expect(canonicalRegistryPath('HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run'))
      .toMatchObject({ canonical: 'HKLM\\SOFTWARE\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\RUN', wow64: true, classes: false });
    expect(canonicalRegistryPath('\\REGISTRY\\USER\\S-1-5-18\\Software\\Microsoft\\Windows\\CurrentVersion\\Run'))
      .toMatchObject({ canonical: 'HKCU\\SOFTWARE\\MICROSOFT\\WINDOWS\\CURRENTVERSION\\RUN', scope: 'user', userSid: 'S-1-5-18', classes: false });
    expect(canonicalRegistryPath('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Services\\x'))
      .toMatchObject({ canonical: 'HKLM\\SYSTEM\\CURRENTCONTROLSET\\SERVICES\\X', scope: 'machine' });
    expect(canonicalRegistryPath('\\REGISTRY\\A\\{1234}\\Root')).toMatchObject({ scope: 'unknown', canonical: 'A\\{1234}\\ROOT' });
    expect(canonicalRegistryPath('')).toMatchObject({ scope: 'unknown', canonical: '' });
  });
});

describe('default value spellings and key/value split', () => {
  it('recognises default value spellings and nothing else', () => {
    for (const d of ['(Default)', '(default)', '(DEFAULT)', '', '@', '(Standard)', '(Par défaut)', '(Predeterminado)']) {
      expect(isDefaultValueName(d)).toBe(true);
      expect(canonicalValueName(d)).toBe('(Default)');
    }
    for (const n of ['ThreadingModel', 'Default', 'Assembly', '-', 'CodeBase']) {
      expect(isDefaultValueName(n)).toBe(false);
      expect(canonicalValueName(n)).toBe(n);
    }
    expect(isDefaultValueName(null)).toBe(false);
  });
  it('reads a localized label whatever its Unicode form (decomposed accents) and spacing', () => {
    expect(isDefaultValueName('(Par de\u0301faut)')).toBe(true);
    expect(isDefaultValueName(' (Padra\u0303o) ')).toBe(true);
    expect(canonicalValueName('(기본값)')).toBe('(Default)');
  });
  it('keys and named values that merely contain "Default" (seen in the OTRF and EVTX-ATTACK samples) are not the default value', () => {
    for (const n of ['DefaultIcon', 'DefaultFolderRelativePath', 'UseWinInetDefaultHandler', '{Default}x', '(Default)x']) expect(isDefaultValueName(n)).toBe(false);
  });
  it('splits Sysmon TargetObjects from SOURCES.md', () => {
    expect(splitKeyAndValue(`HKU\\${SID}_CLASSES\\CLSID\\${CLSID}\\InprocServer32\\(Default)`))
      .toEqual({ key: `HKU\\${SID}_CLASSES\\CLSID\\${CLSID}\\InprocServer32`, valueName: '(Default)' });
    expect(splitKeyAndValue('HKCR\\WOW6432Node\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32\\0.0.0.0\\CodeBase'))
      .toEqual({ key: 'HKCR\\WOW6432Node\\CLSID\\{17C7DA62-8517-3DF1-A67C-BD4BCD2C5C3F}\\InprocServer32\\0.0.0.0', valueName: 'CodeBase' });
    expect(splitKeyAndValue('NoBackslash')).toEqual({ key: '', valueName: 'NoBackslash' });
  });
});
