/**
 * The report worker's warm-up (report.worker.ts, when started ahead of its request: the CLI's
 * triage with `--pdf`): a report of an empty case, laid out and dropped, so that pdfmake's layout
 * code and the fonts are compiled and read while the evidence is still being read. Measured on the
 * 2-core VM (2026-12-08, Node 20.20, one thread): the demo evidence's report took 1,157–1,273 ms
 * cold and 897–922 ms after this warm-up (itself ~430 ms). It changes no report's bytes (a report
 * is made from its request alone: test/report/report-in-worker.test.ts renders one both ways).
 */
import type { ReportRequest } from '../shared/contract';

/** The warm-up's request: an empty case, no evidence, no findings, a fixed time. */
export function warmUpReportRequest(): ReportRequest {
  return {
    caseName: 'warm-up', analyst: '', findingIds: null, annotations: {}, generatedAt: '2000-01-01T00:00:00.000Z',
    scan: {
      root: '', fingerprint: '', scannedAt: '2000-01-01T00:00:00.000Z', evidence: [], findings: [], rules: [],
      ruleset: { version: '', intel_version: '' },
      stats: { files: 0, bytes: 0, errors: 0, events: 0, recordErrors: 0, elapsedMs: 0 },
    },
  };
}
