/** The Splunk Sysmon add-on's forms of CIM `user` and `registry_key_name`. */
import { describe, expect, it } from 'vitest';
import { cimKeyName, cimUser, splunkForm, str } from '../../src-main/detect/splunk-forms';

describe('splunk forms', () => {
  it('user: the account name without its domain; empty is null', () => {
    expect(cimUser('CORP\\alice')).toBe('alice');
    expect(cimUser('NT AUTHORITY\\SYSTEM')).toBe('SYSTEM');
    expect(cimUser('alice')).toBe('alice');
    expect(cimUser('  ')).toBeNull();
    expect(cimUser(null)).toBeNull();
    expect(cimUser(undefined)).toBeNull();
  });

  it('registry_key_name: the key\'s own name, trailing separators ignored', () => {
    expect(cimKeyName('HKU\\S-1\\Software\\Classes\\CLSID\\{X}\\InProcServer32')).toBe('InProcServer32');
    expect(cimKeyName('HKU\\S-1\\CLSID\\{X}\\InProcServer32\\\\')).toBe('InProcServer32');
    expect(cimKeyName('InProcServer32')).toBe('InProcServer32');
    expect(cimKeyName('')).toBe('');
    expect(cimKeyName(null)).toBe('');
  });

  it('registry_key_name: the same as stripping the trailing separators with a regular expression, for every short path', () => {
    const old = (k: string) => { const t = k.replace(/\\+$/, ''); const i = t.lastIndexOf('\\'); return i >= 0 ? t.slice(i + 1) : t; };
    const parts = ['\\', 'a', 'Key', '/', ' '];
    const paths = [''];
    for (let len = 1; len <= 5; len++) for (const p of paths.filter((x) => x.length === len - 1)) for (const q of parts) paths.push(p + q);
    for (const k of paths) expect([k, cimKeyName(k)]).toEqual([k, old(k)]);
  });

  it('registry_key_name: a hostile path of many separators is read in one pass (the regular expression backtracked, quadratic)', () => {
    const many = '\\'.repeat(400_000);
    expect(cimKeyName(`${many}Key${many}`)).toBe('Key');
    expect(cimKeyName(`${many}x`)).toBe('x');
    expect(cimKeyName(many)).toBe('');
  });

  it('only the group-by fields Splunk derives change form', () => {
    expect(splunkForm('user', 'CORP\\alice')).toBe('alice');
    expect(splunkForm('registry_key_name', 'A\\B')).toBe('B');
    expect(splunkForm('process_name', 'CORP\\x')).toBe('CORP\\x');
    expect(splunkForm('dest', undefined)).toBeNull();
    expect(str(null)).toBe('');
    expect(str(0)).toBe('0');
  });
});
