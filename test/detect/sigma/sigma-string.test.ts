/** Wildcards and escapes as pySigma reads them. */
import { describe, expect, it } from 'vitest';
import { ANY, ONE, parseSigmaString, wrapContains } from '../../../src-main/detect/sigma/sigma-string';

describe('parseSigmaString', () => {
  it('* and ? are wildcards; \\* \\? \\\\ are literals; other backslashes stay', () => {
    expect(parseSigmaString('a*b?c')).toEqual(['a', ANY, 'b', ONE, 'c']);
    expect(parseSigmaString('a\\*b\\?c\\\\d')).toEqual(['a*b?c\\d']);
    expect(parseSigmaString('C:\\Windows\\')).toEqual(['C:\\Windows\\']);
    expect(parseSigmaString('\\\\*')).toEqual(['\\', ANY]);
  });
  it('contains does not double a wildcard', () => {
    expect(wrapContains(parseSigmaString('*x'))).toEqual([ANY, 'x', ANY]);
  });
});
