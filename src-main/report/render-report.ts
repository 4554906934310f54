/**
 * The PDF triage report (issue 8): request → document model → pdfmake document → bytes.
 *
 * Offline and deterministic: pdfmake may read only the vendored font files and no URL at all; the
 * PDF's dates and file ID come from `generatedAt`, so the same request with the same generatedAt
 * gives the same bytes.
 */
import path from 'node:path';
import * as pdfmakeNs from 'pdfmake';
import type { ReportRequest } from '../shared/contract';
import { ApiError } from '../shared/errors';
import { fallbackFontFiles, fontPaths, fontTable } from './fonts';
import { buildDocDefinition } from './pdf-document';
import { buildReportModel } from './report-model';


// pdfmake 0.3 is CommonJS exporting an instance (`module.exports = new pdfmake()`): its methods
// live on the prototype, so a plain ESM namespace import does not see them; take `.default` when
// the loader gives one.
const pdfmake = ((pdfmakeNs as unknown as { default?: typeof pdfmakeNs }).default ?? pdfmakeNs) as typeof pdfmakeNs;

/** The URL policy: the report never fetches anything. */
export const REPORT_URL_POLICY = (_url: string): boolean => false;

/** The generation time as an ISO string: the request's, or now. */
function reportTime(req: ReportRequest): string {
  if (req.generatedAt === undefined) return new Date().toISOString();
  const t = Date.parse(req.generatedAt);
  if (Number.isNaN(t)) throw new ApiError('bad_argument', `generatedAt is not a date: ${req.generatedAt.slice(0, 64)}`, {});
  return new Date(t).toISOString();
}

export async function renderReportPdf(req: ReportRequest): Promise<Uint8Array> {
  const generatedAt = reportTime(req);
  const fonts = fontTable();
  const allowed = fontPaths(fonts);
  const model = buildReportModel(req, generatedAt, { fallbackFonts: fallbackFontFiles().map((f) => f.family) });
  const doc = buildDocDefinition(model);
  // pdfmake is a process-wide singleton: set its fonts and policies on every call.
  pdfmake.setFonts(fonts);
  pdfmake.setUrlAccessPolicy(REPORT_URL_POLICY);
  pdfmake.setLocalAccessPolicy((p: string) => allowed.has(path.resolve(p)));
  const buf = await pdfmake.createPdf(doc).getBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
