/** The JSON document's finding for an engine finding: mapped to the case's shape (no detail pass), then projected. */
import type { Finding } from '../../src-main/detect/findings';
import { toCaseFinding } from '../../src-main/case/case-findings';
import { documentFinding, type DocumentFinding } from '../../src-main/output/document-finding';

export function documentFindingOf(f: Finding): DocumentFinding {
  return documentFinding(toCaseFinding(f, new Map()));
}
