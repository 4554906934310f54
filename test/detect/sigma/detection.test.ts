/** Search identifiers: maps, lists of maps, keyword lists; schema errors. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectionFields } from '../../../src-main/detect/sigma/detection';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';
import { detects } from './helpers';

describe('search identifiers', () => {
  it('a list of maps is OR of ANDed maps', () => {
    const d = 'sel:\n  - A: 1\n    B: 1\n  - C: 1\ncondition: sel';
    expect(detects(d, { A: '1', B: '1' })).toBe(true);
    expect(detects(d, { C: '1' })).toBe(true);
    expect(detects(d, { A: '1' })).toBe(false);
  });
  it('a keyword list matches anywhere in any field (and the header)', () => {
    const d = 'kw:\n  - evil.exe\ncondition: kw';
    expect(detects(d, { Something: 'C:\\evil.exe --x' })).toBe(true);
    expect(detects(d, { Something: 'C:\\good.exe' })).toBe(false);
    expect(detects('kw:\n  - host1.corp\ncondition: kw', {})).toBe(true); // Computer
  });
  it('schema errors are rule errors', () => {
    for (const bad of ['sel: {}\ncondition: sel', 'sel: []\ncondition: sel', 'sel:\n  - A: 1\n  - x\ncondition: sel', 'sel:\n  A: 1', 'sel:\n  A: [[1]]\ncondition: sel']) {
      expect(() => detects(bad, {}), bad).toThrow(SigmaRuleError);
    }
  });
  it('detectionFields lists the field names read', () => {
    expect([...detectionFields(parse('a:\n  Image|endswith: x\n  CommandLine: y\nb:\n  - User: z\nk:\n  - kw\ncondition: a'))].sort()).toEqual(['CommandLine', 'Image', 'User']);
  });
});
