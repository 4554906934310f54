/** Placeholder until the PDF report lands (issue 8): owned by the report work, replaced there. */
import type { ReportRequest } from '../api/contract';

export async function renderReportPdf(_req: ReportRequest): Promise<Uint8Array> {
  throw Object.assign(new Error('the PDF report is not available in this build yet'), { code: 'internal' });
}
