import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GrantedRoots } from '../../src-main/api/granted-roots';
import { ApiError } from '../../src-main/shared/errors';

async function codeOf(p: Promise<unknown>): Promise<string> {
  try { await p; } catch (err) { expect(err).toBeInstanceOf(ApiError); return (err as ApiError).code; }
  throw new Error('expected a refusal');
}

describe('GrantedRoots', () => {
  let base: string;
  let root: string;
  let outside: string;
  beforeAll(() => {
    base = mkdtempSync(path.join(os.tmpdir(), 'granted-'));
    root = path.join(base, 'case');
    outside = path.join(base, 'outside');
    mkdirSync(path.join(root, 'logs', 'Security.evtx'), { recursive: true }); // a directory named like a file
    mkdirSync(outside);
    writeFileSync(path.join(root, 'logs', 'System.evtx'), 'x');
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'leak.evtx'));
    symlinkSync(path.join(root, 'logs', 'System.evtx'), path.join(root, 'alias.evtx'));
  });

  it('refuses folders that were never granted', async () => {
    const roots = new GrantedRoots();
    expect(await codeOf(roots.requireRoot(root))).toBe('not_allowed');
    expect(await codeOf(roots.resolveFile(root, 'logs/System.evtx'))).toBe('not_allowed');
  });

  it('resolves files inside a granted folder, following links that stay inside', async () => {
    const roots = new GrantedRoots();
    await roots.grant(root);
    expect(await roots.resolveFile(root, 'logs/System.evtx')).toMatch(/logs[\\/]System\.evtx$/);
    expect(await roots.resolveFile(root, 'alias.evtx')).toMatch(/logs[\\/]System\.evtx$/);
  });

  it('refuses paths outside, links leading out, directories and missing files', async () => {
    const roots = new GrantedRoots();
    await roots.grant(root);
    expect(await codeOf(roots.resolveFile(root, '../outside/secret.txt'))).toBe('outside_root');
    expect(await codeOf(roots.resolveFile(root, 'logs/../../outside/secret.txt'))).toBe('outside_root');
    expect(await codeOf(roots.resolveFile(root, path.join(outside, 'secret.txt')))).toBe('outside_root');
    expect(await codeOf(roots.resolveFile(root, 'C:/Windows/win.ini'))).toBe('outside_root');
    expect(await codeOf(roots.resolveFile(root, 'leak.evtx'))).toBe('outside_root');
    expect(await codeOf(roots.resolveFile(root, 'logs/Security.evtx'))).toBe('not_a_file');
    expect(await codeOf(roots.resolveFile(root, 'logs/missing.evtx'))).toBe('not_found');
  });

  it('grants only existing absolute directories', async () => {
    const roots = new GrantedRoots();
    expect(await codeOf(roots.grant('relative/dir'))).toBe('bad_argument');
    expect(await codeOf(roots.grant(path.join(root, 'logs', 'System.evtx')))).toBe('not_a_directory');
    expect(await codeOf(roots.grant(path.join(base, 'nope')))).toBe('not_found');
  });
});
