/** saveReport's bookmarks (issue 19): a bounded, typed list, or absent; anything else is refused. */
import { describe, expect, it } from 'vitest';
import type { ReportBookmark } from '../../src-main/shared/contract';
import { ApiError } from '../../src-main/shared/errors';
import { checkReportBookmarks, MAX_BOOKMARK_TEXT, MAX_REPORT_BOOKMARKS } from '../../src-main/shared/report-request-bounds';
import { validateArgs } from '../../src-main/api/validate-args';

const mark = (over: Partial<ReportBookmark> = {}): ReportBookmark => ({
  time: '2026-11-17T09:14:03.120Z', host: 'WS-FIN-07', channel: 'Security', eventId: 4624, summary: 'TargetUserName=j.doe',
  evidence: 'Security.evtx', recordId: 42, note: 'first logon', by: 'Analyst', at: '2026-12-05T20:00:00.000Z', ...over,
});
const request = (bookmarks?: unknown) => ({
  caseName: 'c', analyst: 'a', scan: { root: '/e', fingerprint: 'f', evidence: [], findings: [], rules: [] }, findingIds: null, annotations: {},
  ...(bookmarks !== undefined ? { bookmarks } : {}),
});

function refusal(arg: unknown): string {
  try { validateArgs.saveReport(arg); } catch (err) { expect(err).toBeInstanceOf(ApiError); expect((err as ApiError).code).toBe('bad_argument'); return (err as Error).message; }
  throw new Error('expected the request to be refused');
}

describe('saveReport bookmarks', () => {
  it('accepts no bookmarks, an empty list and well-formed ones (nulls where an event lacks a value)', () => {
    expect(checkReportBookmarks(undefined)).toBeNull();
    expect(checkReportBookmarks([])).toBeNull();
    expect(checkReportBookmarks([mark(), mark({ time: null, host: null, channel: null, eventId: null, recordId: null })])).toBeNull();
    expect((validateArgs.saveReport(request([mark()])) as { bookmarks?: unknown[] }).bookmarks).toHaveLength(1);
  });

  it('refuses a non-list, a wrong type, an over-long text and too many bookmarks, naming what is wrong', () => {
    expect(refusal(request({ 0: mark() }))).toContain('bookmarks must be a list');
    expect(refusal(request([null]))).toContain('bookmarks[0] must be an object');
    expect(refusal(request([mark(), mark({ note: 7 as unknown as string })]))).toContain('bookmarks[1].note must be a string');
    expect(refusal(request([mark({ host: ['x'] as unknown as string })]))).toContain('bookmarks[0].host');
    expect(refusal(request([mark({ eventId: 1.5 })]))).toContain('bookmarks[0].eventId must be a whole number');
    expect(refusal(request([mark({ recordId: -1 })]))).toContain('bookmarks[0].recordId');
    expect(refusal(request([mark({ summary: 'x'.repeat(MAX_BOOKMARK_TEXT + 1) })]))).toContain(`longer than ${MAX_BOOKMARK_TEXT}`);
    const many = Array.from({ length: MAX_REPORT_BOOKMARKS + 1 }, () => mark());
    expect(refusal(request(many))).toContain(`more than ${MAX_REPORT_BOOKMARKS}`);
  });
});
