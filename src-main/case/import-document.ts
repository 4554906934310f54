/**
 * Imports a triage JSON document (`npm run triage -- DIR --json FILE`, or a merged one from
 * `npm run merge`) as a read-only case. The document is attacker-controlled: it is read with the
 * merge command's reader (size cap, JSON, tool name, major version, the contract's checks on every
 * finding and evidence entry: merge/read-triage-document.ts) and rebuilt field by field into the
 * case the renderer shows (merge/merged-case-scan.ts). Any refusal is an ApiError with its reason.
 */
import { basename } from 'node:path';
import { ApiError } from '../shared/errors';
import type { EvidenceEntry } from '../shared/contract';
import { IMPORTED_CASE_KEY_PREFIX, type ImportedCase } from '../shared/contract-import';
import { MergeInputError, readTriageDocument } from '../merge/read-triage-document';
import { mergeTriageDocuments } from '../merge/merge-documents';
import { mergedCaseScan } from '../merge/merged-case-scan';

const s = (v: unknown): string => (typeof v === 'string' ? v : '');
const n = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function refusal(file: string, e: unknown): ApiError {
  const code = e instanceof MergeInputError ? e.code : 'io';
  const message = e instanceof Error ? e.message : String(e);
  return new ApiError(code === 'io' ? 'read_failed' : 'bad_argument', `${basename(file)} cannot be imported: it ${message}`, { file: basename(file), reason: code });
}

/** Reads `file` (a path the user picked in the main process's dialog) into an imported case. */
export async function importTriageDocument(file: string): Promise<ImportedCase> {
  const label = basename(file);
  let input;
  try {
    input = await readTriageDocument(file);
  } catch (e) {
    throw refusal(file, e);
  }
  if (!/^[0-9a-f]{16,128}$/i.test(input.fingerprint)) {
    throw new ApiError('bad_argument', `${label} cannot be imported: it has no evidence fingerprint (the case could not be kept apart from others)`, { file: label, reason: 'schema' });
  }
  // The merge command's folding gives the case its typed findings, rules and annotations (one document: nothing to merge).
  const merged = await mergeTriageDocuments([{ label, file }]);
  try {
    const refused = merged.doc.merge.refused[0];
    if (refused) throw new ApiError('bad_argument', `${label} cannot be imported: it ${refused.reason}`, { file: label, reason: refused.code });
    const { scan, annotations } = mergedCaseScan(merged);
    const isMerged = input.evidence.some((e) => typeof e.source_document === 'string');
    // The document's own evidence paths (a merged one's with its source document), not prefixed again.
    const evidence: EvidenceEntry[] = input.evidence.map((e) => ({
      path: typeof e.source_document === 'string' ? `${e.source_document}: ${s(e.path)}` : s(e.path),
      bytes: n(e.bytes) ?? 0, modified: s(e.modified), sha256: s(e.sha256), hashComplete: e.hash_complete !== false,
      ...(typeof e.not_hashed === 'string' ? { notHashed: e.not_hashed } : {}), format: e.format as EvidenceEntry['format'],
      ...(typeof e.error === 'string' ? { error: e.error } : {}), records: n(e.records), errors: n(e.errors) ?? 0, warnings: n(e.warning_count) ?? 0,
    } as EvidenceEntry));
    return {
      scan: {
        ...scan, root: input.evidence_root || scan.root, fingerprint: input.fingerprint, scannedAt: input.generated ?? scan.scannedAt, evidence,
        importedFrom: { file: label, generated: input.generated, toolVersion: input.tool.version, merged: isMerged },
      },
      annotations,
      caseKey: `${IMPORTED_CASE_KEY_PREFIX}${input.fingerprint}`,
    };
  } finally {
    merged.close();
  }
}
