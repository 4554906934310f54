/** A rule's load outcomes are plain results: message, code and class kept, no stack captured. */
import { describe, expect, it } from 'vitest';
import { SigmaRuleError, SigmaRuleInactive } from '../../../src-main/detect/sigma/errors';

describe('Sigma rule errors', () => {
  it('keep their code, message and class, without a stack trace', () => {
    const limit = Error.stackTraceLimit;
    const e = new SigmaRuleError('schema', 'detection.sel: empty selection');
    expect(e).toBeInstanceOf(SigmaRuleError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('schema');
    expect(e.message).toBe('detection.sel: empty selection');
    expect(e.stack ?? '').not.toContain('\n    at ');
    const i = new SigmaRuleInactive('placeholder %x% has no values');
    expect(i).toBeInstanceOf(SigmaRuleInactive);
    expect(i.message).toBe('placeholder %x% has no values');
    expect(i.stack ?? '').not.toContain('\n    at ');
    expect(Error.stackTraceLimit).toBe(limit);
    expect(new Error('other').stack).toContain('\n    at ');
  });
});
