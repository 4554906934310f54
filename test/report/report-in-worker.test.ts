/**
 * The report is rendered in a worker thread: same bytes as in process, errors back as
 * `{code, message}`, and a report that exhausts the worker's heap fails alone (this process lives on).
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/shared/errors';
import { renderReportInWorker } from '../../src-main/report/report-in-worker';
import { renderReportPdf } from '../../src-main/report/render-report';
import { demoRequest } from './demo-case';
import { manyFindingsRequest } from './many-findings';

describe('renderReportInWorker', () => {
  it('gives the bytes the in-process render gives', async () => {
    const req = demoRequest();
    const [inWorker, inProcess] = await Promise.all([renderReportInWorker(req), renderReportPdf(req)]);
    expect(Buffer.from(inWorker.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    expect(Buffer.from(inWorker).equals(Buffer.from(inProcess))).toBe(true);
  }, 180_000);

  it('returns a rendering error as an ApiError with its code', async () => {
    const err = await renderReportInWorker(demoRequest({ generatedAt: 'not a date' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('bad_argument');
    expect((err as ApiError).message).toMatch(/generatedAt is not a date/);
  }, 180_000);

  it('stops a report that exhausts its heap and reports it; this process carries on', async () => {
    const err = await renderReportInWorker(manyFindingsRequest(3_000), { heapMb: 48 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('internal');
    expect((err as ApiError).message).toMatch(/more than 48 MB/);
    expect((err as ApiError).context).toMatchObject({ reason: 'out_of_memory' });
    // Still alive and able to render.
    const pdf = await renderReportInWorker(demoRequest());
    expect(pdf.length).toBeGreaterThan(1000);
  }, 300_000);

  it('stops a report that takes longer than its time limit', async () => {
    const err = await renderReportInWorker(demoRequest(), { timeLimitMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/took longer than/);
  }, 60_000);
});
