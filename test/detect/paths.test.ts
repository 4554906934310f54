/** Windows file paths reduced to one comparable form (detect/paths.ts): the DLL pivot's and the rules' path matching. */
import { describe, expect, it } from 'vitest';
import { fileNameOf, filePartOf, filePathsIn, normaliseFilePath, samePath } from '../../src-main/detect/paths';

describe('filePartOf', () => {
  it('takes the quoted part, or cuts an unquoted command at its file, arguments and ,resource suffix', () => {
    expect(filePartOf('"C:\\Program Files\\A\\a.exe" /s x')).toBe('C:\\Program Files\\A\\a.exe');
    expect(filePartOf("'C:\\x\\b.dll' y")).toBe('C:\\x\\b.dll');
    expect(filePartOf('"C:\\unterminated')).toBe('C:\\unterminated');
    expect(filePartOf('C:\\x\\a b.dll,1')).toBe('C:\\x\\a b.dll');
    expect(filePartOf('C:\\Windows\\System32\\rundll32.exe C:\\x\\a.dll,Start')).toBe('C:\\Windows\\System32\\rundll32.exe');
    expect(filePartOf('C:\\tools\\noext -flag')).toBe('C:\\tools\\noext');
  });
});

describe('normaliseFilePath', () => {
  it('lower-cases, uses \\ separators and drops \\??\\, \\\\?\\ and file:/// prefixes', () => {
    expect(normaliseFilePath('C:/Users/Bob/x.DLL')).toBe('c:\\users\\bob\\x.dll');
    expect(normaliseFilePath('\\??\\C:\\x\\a.dll')).toBe('c:\\x\\a.dll');
    expect(normaliseFilePath('\\\\?\\C:\\x\\a.dll')).toBe('c:\\x\\a.dll');
    expect(normaliseFilePath('file:///C:/My%20Dir/a.dll')).toBe('c:\\my dir\\a.dll');
    expect(normaliseFilePath('file:///C:/bad%ZZ/a.dll')).toBe('c:\\bad%zz\\a.dll');
    expect(normaliseFilePath('C:\\x\\\\\\a.dll')).toBe('c:\\x\\a.dll');
  });

  it('expands machine variables (also doubled %%…%%) and turns per-user ones into a c:\\users\\* pattern', () => {
    expect(normaliseFilePath('%SystemRoot%\\System32\\scrobj.dll')).toBe('c:\\windows\\system32\\scrobj.dll');
    expect(normaliseFilePath('%%ProgramFiles(x86)%%\\A\\a.dll')).toBe('c:\\program files (x86)\\a\\a.dll');
    expect(normaliseFilePath('\\SystemRoot\\System32\\a.dll')).toBe('c:\\windows\\system32\\a.dll');
    expect(normaliseFilePath('%APPDATA%\\Microsoft\\d.dll')).toBe('c:\\users\\*\\appdata\\roaming\\microsoft\\d.dll');
    expect(normaliseFilePath('%UNKNOWN%\\a.dll')).toBe('%unknown%\\a.dll');
  });

  it('gives null for no text, empty text and non-strings', () => {
    expect(normaliseFilePath(null)).toBeNull();
    expect(normaliseFilePath(undefined)).toBeNull();
    expect(normaliseFilePath('   ')).toBeNull();
    expect(normaliseFilePath('""')).toBeNull();
  });
});

describe('fileNameOf and samePath', () => {
  it('names the last segment', () => {
    expect(fileNameOf('c:\\x\\a.dll')).toBe('a.dll');
    expect(fileNameOf('a.dll')).toBe('a.dll');
    expect(fileNameOf('c:\\x\\')).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });

  it('a bare name matches any folder; * matches exactly one segment; otherwise paths must be equal', () => {
    expect(samePath('mscoree.dll', 'c:\\windows\\system32\\mscoree.dll')).toBe(true);
    expect(samePath('c:\\users\\*\\appdata\\roaming\\d.dll', 'c:\\users\\bob\\appdata\\roaming\\d.dll')).toBe(true);
    expect(samePath('c:\\users\\*\\appdata\\roaming\\d.dll', 'c:\\users\\bob\\x\\appdata\\roaming\\d.dll')).toBe(false);
    expect(samePath('c:\\x\\a.dll', 'c:\\y\\a.dll')).toBe(false);
    expect(samePath('c:\\x\\a.dll', 'c:\\x\\a.dll')).toBe(true);
  });
});

describe('filePathsIn', () => {
  it('names the command and every absolute or variable path in its arguments, once each', () => {
    expect(filePathsIn('C:\\Windows\\System32\\rundll32.exe C:\\x\\a.dll,Start')).toEqual(['c:\\windows\\system32\\rundll32.exe', 'c:\\x\\a.dll']);
    expect(filePathsIn('"C:\\x\\a.dll" %APPDATA%\\b.ocx C:\\x\\a.dll')).toEqual(['c:\\x\\a.dll', 'c:\\users\\*\\appdata\\roaming\\b.ocx']);
    expect(filePathsIn('')).toEqual([]);
    expect(filePathsIn(null)).toEqual([]);
  });
});
