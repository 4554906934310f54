import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVTX_READ_ITEM_BYTES, planReads } from '../../src-main/evidence-reading/plan-reads';
import { workersForFolder } from '../../src-main/evidence-reading/read-width';
import type { EvidenceEntry } from '../../src-main/shared/contract';
import { EVTX_HEADER_START, tempEvidenceFolder } from '../helpers/temp-evidence';

/** A folder holding one file `name` of `bytes` bytes (sparse: nothing written past its first bytes). */
function folderOfOne(name: string, bytes: number): string {
  const root = tempEvidenceFolder({ [name]: EVTX_HEADER_START });
  truncateSync(path.join(root, name), bytes);
  return root;
}

function evtxEntry(bytes: number): EvidenceEntry {
  return { path: 'a.evtx', bytes, modified: '', sha256: '', hashComplete: true, format: 'evtx', records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [] };
}

describe('workersForFolder', () => {
  it('gives one worker to a folder of one file no larger than one EVTX read item, also below single folders, and to an empty folder', () => {
    expect(workersForFolder(folderOfOne('a.evtx', 1_118_208), 2)).toBe(1);
    expect(workersForFolder(folderOfOne('logs.zip', EVTX_READ_ITEM_BYTES), 4)).toBe(1);
    expect(workersForFolder(folderOfOne('empty.evtx', 0), 2)).toBe(1);
    expect(workersForFolder(mkdtempSync(path.join(os.tmpdir(), 'evidence-')), 2)).toBe(1);
    expect(workersForFolder(tempEvidenceFolder({ 'case/HOST/Security.evtx': 'x' }), 2)).toBe(1);
  });

  it('gives the whole pool to a larger single file, several files, a link, a chain too deep or a folder it cannot list', () => {
    expect(workersForFolder(folderOfOne('System.evtx', EVTX_READ_ITEM_BYTES + 1), 2)).toBe(2);
    expect(workersForFolder(tempEvidenceFolder({ 'a.evtx': 'x', 'b.json': '{}' }), 3)).toBe(3);
    expect(workersForFolder(tempEvidenceFolder({ 'host/a.evtx': 'x', 'host/b.evtx': 'x' }), 2)).toBe(2);
    expect(workersForFolder(tempEvidenceFolder({ 'a/a.evtx': 'x', 'b/b.evtx': 'x' }), 2)).toBe(2);
    const deep = tempEvidenceFolder({ [`${Array.from({ length: 16 }, (_, i) => `d${i}`).join('/')}/a.evtx`]: 'x' });
    expect(workersForFolder(deep, 2)).toBe(2);
    expect(workersForFolder(path.join(deep, 'd0'), 2)).toBe(1);
    const linked = mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    writeFileSync(path.join(linked, '..', `${path.basename(linked)}-target.evtx`), 'x');
    symlinkSync(path.join(linked, '..', `${path.basename(linked)}-target.evtx`), path.join(linked, 'a.evtx'));
    expect(workersForFolder(linked, 2)).toBe(2);
    expect(workersForFolder(path.join(os.tmpdir(), 'no-such-evidence-folder-at-all'), 2)).toBe(2);
    const notAFolder = tempEvidenceFolder({ 'a.evtx': 'x' });
    expect(workersForFolder(path.join(notAFolder, 'a.evtx'), 2)).toBe(2);
    mkdirSync(path.join(notAFolder, 'sub'));
    expect(workersForFolder(notAFolder, 2)).toBe(2);
    const bigBelow = tempEvidenceFolder({ 'HOST/x': 'x' });
    truncateSync(path.join(bigBelow, 'HOST', 'x'), EVTX_READ_ITEM_BYTES + 1);
    expect(workersForFolder(bigBelow, 2)).toBe(2);
  });

  it('draws the line where an EVTX file stops being one read item', () => {
    expect(planReads('/r', [evtxEntry(EVTX_READ_ITEM_BYTES)])).toHaveLength(1);
    expect(planReads('/r', [evtxEntry(EVTX_READ_ITEM_BYTES + 1)])).toHaveLength(2);
  });
});
