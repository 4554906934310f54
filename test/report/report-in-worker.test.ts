/**
 * The report is rendered in a worker thread: same bytes as in process, errors back as
 * `{code, message}`, and a report that exhausts the worker's heap fails alone (this process lives on).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src-main/shared/errors';
import { renderReportInWorker, startReportWorker } from '../../src-main/report/report-in-worker';
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

describe('startReportWorker', () => {
  it('lays out the same bytes after its warm-up on an empty case, asked for while the warm-up runs or after it', async () => {
    const req = demoRequest();
    const early = startReportWorker({ warmUp: true });
    const late = startReportWorker({ warmUp: true });
    await new Promise((r) => setTimeout(r, 3_000));
    const [atOnce, afterWarmUp, inProcess] = await Promise.all([early.render(req), late.render(req), renderReportPdf(req)]);
    expect(Buffer.from(atOnce).equals(Buffer.from(inProcess))).toBe(true);
    expect(Buffer.from(afterWarmUp).equals(Buffer.from(inProcess))).toBe(true);
  }, 180_000);

  it('renders one report', async () => {
    const worker = startReportWorker();
    const pdf = await worker.render(demoRequest());
    expect(Buffer.from(pdf.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
    await expect(worker.render(demoRequest())).rejects.toMatchObject({ code: 'internal', message: /one report/ });
  }, 180_000);

  it('times a report from its request, not from the worker\'s start', async () => {
    const worker = startReportWorker({ timeLimitMs: 5_000 });
    await new Promise((r) => setTimeout(r, 6_000));
    // answered at once (a bad request), well within 5 s of the request though 6 s after the start
    await expect(worker.render(demoRequest({ generatedAt: 'not a date' }))).rejects.toMatchObject({ code: 'bad_argument' });
  }, 60_000);

  it('closed, stops a pending report with an error; closed before, refuses one', async () => {
    const pending = startReportWorker({ warmUp: true });
    const render = pending.render(demoRequest());
    pending.close();
    await expect(render).rejects.toMatchObject({ code: 'internal', message: /stopped \(exit code/ });
    const closed = startReportWorker();
    closed.close();
    await expect(closed.render(demoRequest())).rejects.toMatchObject({ code: 'internal' });
  }, 180_000);

  it('says why when its worker died before the request', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'dead-report-worker-')), 'dead.worker.js');
    writeFileSync(file, 'process.exit(3);');
    const dead = startReportWorker({ script: { file, execArgv: [] } });
    await new Promise((r) => setTimeout(r, 1_000));
    await expect(dead.render(demoRequest())).rejects.toMatchObject({ code: 'internal', message: /exit code 3/ });
  }, 60_000);
});
