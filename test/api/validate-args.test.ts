import { describe, expect, it } from 'vitest';
import { validateArgs } from '../../src-main/api/validate-args';
import { ApiError } from '../../src-main/shared/errors';

function refused(fn: () => unknown): ApiError {
  try { fn(); } catch (err) { expect(err).toBeInstanceOf(ApiError); return err as ApiError; }
  throw new Error('expected the argument to be refused');
}

describe('validateArgs', () => {
  it('accepts well-formed arguments', () => {
    expect(validateArgs.scanEvidenceFolder({ root: '/evidence', jobId: 'scan-1' })).toEqual({ root: '/evidence', jobId: 'scan-1' });
    expect(validateArgs.hashEvidenceFile({ root: '/e', path: 'a/b.evtx' })).toEqual({ root: '/e', path: 'a/b.evtx' });
    expect(validateArgs.chooseEvidenceFolder(null)).toBeNull();
    expect(validateArgs.chooseEvidenceFolder(undefined)).toBeNull();
  });

  it('refuses wrong shapes and types', () => {
    expect(refused(() => validateArgs.listEvidenceFolder('/e')).code).toBe('bad_argument');
    expect(refused(() => validateArgs.listEvidenceFolder(null)).code).toBe('bad_argument');
    expect(refused(() => validateArgs.listEvidenceFolder(['/e'])).code).toBe('bad_argument');
    expect(refused(() => validateArgs.listEvidenceFolder({ root: 42 })).code).toBe('bad_argument');
    expect(refused(() => validateArgs.listEvidenceFolder({ root: '' })).code).toBe('bad_argument');
    expect(refused(() => validateArgs.appInfo({ x: 1 })).code).toBe('bad_argument');
  });

  it('refuses NUL characters, over-long paths and odd job ids', () => {
    expect(refused(() => validateArgs.hashEvidenceFile({ root: '/e', path: 'a\0b' })).message).toMatch(/NUL/);
    expect(refused(() => validateArgs.listEvidenceFolder({ root: '/' + 'a'.repeat(5000) })).message).toMatch(/longer/);
    expect(refused(() => validateArgs.scanEvidenceFolder({ root: '/e', jobId: '../x' })).message).toMatch(/jobId/);
    expect(refused(() => validateArgs.cancelJob({ jobId: 'x'.repeat(65) })).message).toMatch(/jobId/);
  });
});
