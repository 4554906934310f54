/**
 * After reading: are the evidence files still as the case recorded them? Lists the folder again
 * (names, sizes, modification times; no content read) and compares each file of the case (archive
 * members through their archive). The outcome goes into the report's soundness statement.
 */
import type { EvidenceEntry, FolderListing, ReportChecks } from '../shared/contract';
import { walkEvidenceFolder } from '../evidence-reading/folder-walk';

/** Compares the case's files with a fresh listing. */
export function compareWithListing(evidence: readonly EvidenceEntry[], files: FolderListing['files']): NonNullable<ReportChecks['unchanged']> {
  const now = new Map(files.map((f) => [f.path, f]));
  const changed: string[] = [];
  const missing: string[] = [];
  let checked = 0;
  for (const e of evidence) {
    if (e.path.includes('!/')) continue; // an archive member: its archive is the file on disk
    checked++;
    const f = now.get(e.path);
    if (f === undefined) missing.push(e.path);
    else if (f.bytes !== e.bytes || Date.parse(f.modified) !== Date.parse(e.modified)) changed.push(e.path);
  }
  return { checked, changed, missing };
}

/** `root` must be the granted, real path of the case's folder. */
export async function checkEvidenceUnchanged(root: string, evidence: readonly EvidenceEntry[]): Promise<NonNullable<ReportChecks['unchanged']>> {
  const listing = await walkEvidenceFolder(root);
  return compareWithListing(evidence, listing.files);
}
