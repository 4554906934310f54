import { describe, expect, it } from 'vitest';
import { evidenceRowCounts, evidenceRowsShort, evidenceRowStatus, evidenceRowsText, NOT_EVIDENCE_WORDS } from '../../src-main/shared/evidence-rows';

describe('evidenceRowCounts / evidenceRowsText', () => {
  it('the shared corpus shape: 34 rows are 32 files read (one an archive), its member, and a file that is not evidence', () => {
    const rows = [
      ...Array.from({ length: 31 }, () => ({ format: 'evtx' as const })),
      { format: 'zip' as const },
      { format: 'jsonl' as const, archive: 'a.zip' },
      { format: 'unknown' as const },
    ];
    const c = evidenceRowCounts(rows);
    expect(c).toEqual({ rows: 34, read: 32, archives: 1, members: 1, membersUnreadable: 0, notEvidence: 1, unreadable: 0 });
    expect(evidenceRowsText(c)).toBe('34 rows: 32 files read for events (1 archive among them), 1 archive member listed as a row of its own, 1 file skipped as not evidence (hashed, not read)');
  });

  it('every row in one part: the parts add up to the rows', () => {
    const c = evidenceRowCounts([
      { format: 'evtx' }, { format: 'unknown', error: 'permission denied' }, { format: 'evtx', error: 'not an EVTX file' },
      { format: 'xml', archive: 'x.zip' }, { format: 'xml', archive: 'x.zip', error: 'bad member' }, { format: 'zip' },
    ]);
    expect(c.read + c.members + c.notEvidence + c.unreadable).toBe(c.rows);
    expect(evidenceRowsText(c)).toBe('6 rows: 2 files read for events (1 archive among them), 2 archive members listed as rows of their own (1 unreadable), 2 files unreadable');
  });

  it('plain when every row is a file read; says so when there is none', () => {
    expect(evidenceRowsText(evidenceRowCounts([{ format: 'evtx' }, { format: 'xml' }]))).toBe('2 files read for events');
    expect(evidenceRowsText(evidenceRowCounts([{ format: 'evtx' }]))).toBe('1 file read for events');
    expect(evidenceRowsText(evidenceRowCounts([]))).toBe('no file');
    expect(evidenceRowsShort(evidenceRowCounts([{ format: 'evtx' }, { format: 'xml' }]))).toBe('2 files read for events');
    expect(evidenceRowsShort(evidenceRowCounts([{ format: 'evtx' }, { format: 'unknown' }, { format: 'zip' }, { format: 'xml', archive: 'a.zip' }]))).toBe('2 files read for events · 4 rows');
  });
});

describe('evidenceRowStatus', () => {
  it('names each row that is not a file read for events in the words of the totals', () => {
    expect(evidenceRowStatus({ format: 'evtx' })).toBeNull();
    expect(evidenceRowStatus({ format: 'zip' })).toBeNull();
    expect(evidenceRowStatus({ format: 'unknown' })).toBe(NOT_EVIDENCE_WORDS);
    expect(evidenceRowsText(evidenceRowCounts([{ format: 'evtx' }, { format: 'unknown' }]))).toContain(`1 file ${evidenceRowStatus({ format: 'unknown' })}`);
    expect(evidenceRowStatus({ format: 'unknown', error: 'permission denied' })).toBe('unreadable: permission denied');
    expect(evidenceRowStatus({ format: 'evtx', error: 'not an EVTX file' })).toBe('unreadable: not an EVTX file');
    expect(evidenceRowStatus({ format: 'xml', archive: 'x.zip' })).toBe('archive member');
    expect(evidenceRowStatus({ format: 'xml', archive: 'x.zip', error: 'bad member' })).toBe('archive member, unreadable: bad member');
  });
});
