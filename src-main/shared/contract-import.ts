/** The contract's shapes for importing a triage JSON document (`npm run triage -- --json`, or `npm run merge`) as a read-only case. */
import type { CaseScan, FindingAnnotation } from './contract';

/** Where an imported case came from: shown in the case header instead of "Re-read evidence". */
export interface ImportedFrom {
  /** The document's file name (its folder stays on the main side). */
  file: string;
  /** `generated` of the document (null when it gave none). */
  generated: string | null;
  /** `tool.version` of the tool that wrote it. */
  toolVersion: string;
  /** True for a merged document (`npm run merge`): evidence paths carry their source document. */
  merged: boolean;
}

/** An imported case: the evidence is not on this laptop, so it is never read again and pivots not in the document are absent. */
export interface ImportedCase {
  scan: CaseScan & { importedFrom: ImportedFrom };
  /** The analyst annotations the document carried (`triage`), by finding id. */
  annotations: Record<string, FindingAnnotation>;
  /** The Dexie key of the case: the document's fingerprint with a marker, never equal to a folder read's. */
  caseKey: string;
}

/** The marker in an imported case's key (a folder read is keyed by its bare fingerprint). */
export const IMPORTED_CASE_KEY_PREFIX = 'imported:';
