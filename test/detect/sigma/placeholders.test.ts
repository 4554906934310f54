/** The `expand` modifier's placeholders (detect/sigma/placeholders.ts): the map's shape, the product of values, the bounds. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SigmaRuleError, SigmaRuleInactive } from '../../../src-main/detect/sigma/errors';
import { parse } from 'yaml';
import { expandPlaceholders, loadPlaceholdersFile, placeholdersFrom, unsetPlaceholders } from '../../../src-main/detect/sigma/placeholders';

describe('placeholdersFrom', () => {
  it('reads a map of name to list; a single value is a list of one, null an empty list, numbers as text', () => {
    const m = placeholdersFrom({ Admins: ['Domain Admins', 'Enterprise Admins'], DC: 'dc01', Empty: null, Port: [445] }, 'p.yml');
    expect([...m]).toEqual([['Admins', ['Domain Admins', 'Enterprise Admins']], ['DC', ['dc01']], ['Empty', []], ['Port', ['445']]]);
    expect(placeholdersFrom(null, 'p.yml').size).toBe(0);
  });

  it('refuses what is not such a map, naming the file and the placeholder', () => {
    expect(() => placeholdersFrom(['a'], 'p.yml')).toThrow(/p\.yml: placeholders must be a map/);
    expect(() => placeholdersFrom('a', 'p.yml')).toThrow(/p\.yml: placeholders must be a map/);
    expect(() => placeholdersFrom({ X: [{ nested: 1 }] }, 'p.yml')).toThrow(/p\.yml: placeholder X: values must be strings/);
  });
});

describe('loadPlaceholdersFile', () => {
  it('reads the YAML file and refuses aliases beyond the bound (no billion-laughs expansion)', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'placeholders-'));
    const good = path.join(dir, 'good.yml');
    writeFileSync(good, 'Admins:\n  - Domain Admins\nDC: dc01\n');
    expect([...loadPlaceholdersFile(good)]).toEqual([['Admins', ['Domain Admins']], ['DC', ['dc01']]]);
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const bomb = path.join(dir, 'bomb.yml');
    writeFileSync(bomb, lol.join('\n') + '\n');
    expect(() => loadPlaceholdersFile(bomb)).toThrow(/alias/i);
  });
});

describe('expandPlaceholders', () => {
  const P = new Map<string, string[]>([['Admins', ['DA', 'EA']], ['Host', ['h1', 'h2', 'h3']], ['None', []]]);

  it('replaces every %name% by each of its values, the product over all of them, literals kept', () => {
    expect(expandPlaceholders('no placeholder', P, 'r')).toEqual(['no placeholder']);
    expect(expandPlaceholders('%Admins%', P, 'r')).toEqual(['DA', 'EA']);
    expect(expandPlaceholders('x-%Admins%@%Host%.corp', P, 'r')).toEqual([
      'x-DA@h1.corp', 'x-DA@h2.corp', 'x-DA@h3.corp', 'x-EA@h1.corp', 'x-EA@h2.corp', 'x-EA@h3.corp',
    ]);
    expect(expandPlaceholders('100%', P, 'r')).toEqual(['100%']);
  });

  it('a placeholder without values makes the rule inactive, with the reason', () => {
    expect(() => expandPlaceholders('%None%', P, 'r')).toThrow(SigmaRuleInactive);
    expect(() => expandPlaceholders('%Missing%', P, 'r')).toThrow(/placeholder %Missing% has no values/);
  });

  it('refuses more than 4096 expanded values as too complex', () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => String(i));
    expect(expandPlaceholders('%N%-%N%', new Map([['N', values(64)]]), 'r')).toHaveLength(4096);
    expect(() => expandPlaceholders('%N%-%N%', new Map([['N', values(65)]]), 'rule y')).toThrow(SigmaRuleError);
    expect(() => expandPlaceholders('%N%-%N%', new Map([['N', values(65)]]), 'rule y')).toThrow(/rule y: placeholders expand to more than 4096 values/);
  });
});

describe('unsetPlaceholders (the shipped file read without the YAML parser)', () => {
  const yamlRead = (t: string): [string, string[]][] | 'error' => {
    try { return [...placeholdersFrom(parse(t, { maxAliasCount: 100, customTags: [] }), 'p.yml')]; } catch { return 'error'; }
  };

  it('reads the bundled placeholders.yml as the YAML parser does', () => {
    const text = readFileSync(path.join(__dirname, '../../../assets/sigma/placeholders.yml'), 'utf8');
    const fast = unsetPlaceholders(text);
    expect(fast).not.toBeNull();
    expect([...fast!]).toEqual(yamlRead(text));
    expect(fast!.size).toBeGreaterThan(5);
  });

  it('gives what YAML gives for comments, blank lines, CRLF and `Name: []` lines', () => {
    for (const t of ['', '# only a comment\n', 'a: []', 'A.b-c_1:   []  \r\nB: []\n\n# x\n  # indented comment\nC_: []\n', '_x: []\nx.: []\n']) {
      const fast = unsetPlaceholders(t);
      expect(fast, JSON.stringify(t)).not.toBeNull();
      expect([...fast!], JSON.stringify(t)).toEqual(yamlRead(t));
    }
  });

  it('leaves to the YAML parser anything else: values, other list forms, special or duplicate keys, indentation, a BOM', () => {
    for (const t of ['a: [x]', 'a:\n  - x', 'a: [ ]', 'a:[]', 'a:\t[]', 'a: [] # note', '  a: []', 'a: []\na: []', 'null: []', 'Yes: []', 'on: []', '1: []', '~: []',
      '"a": []', 'a: !!seq []', '\ufeffa: []', 'a: []\n  b: []', 'a b: []']) {
      expect(unsetPlaceholders(t), JSON.stringify(t)).toBeNull();
    }
  });

  it('loadPlaceholdersFile reads set values through the YAML parser', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'placeholders-'));
    const f = path.join(dir, 'p.yml');
    writeFileSync(f, '# set\nAdministrators: []\nWorkstations: [ws01, "ws-*"]\n');
    expect([...loadPlaceholdersFile(f)]).toEqual([['Administrators', []], ['Workstations', ['ws01', 'ws-*']]]);
    writeFileSync(f, 'Administrators: []\nAdministrators: []\n');
    expect(() => loadPlaceholdersFile(f)).toThrow(/unique/);
  });
});
