/**
 * What the rows of the evidence list are, in the words the CLI, the app and the PDF report all use
 * (issue 19: "7 of 7 files" while 8 rows were listed). The list has a row per file of the folder
 * and one more per archive member; the reading phase counts the files read for events (an archive
 * once), so the two numbers differ whenever there is an archive or a file that is not evidence.
 */
import type { EvidenceEntry } from './contract';

export interface EvidenceRowCounts {
  /** Every row of the list. */
  rows: number;
  /** Files of the folder read for events: event logs and archives (the reading phase's total). */
  read: number;
  /** Of `read`, the archives (their members have rows of their own). */
  archives: number;
  /** Rows of archive members (read with their archive, not counted in `read`). */
  members: number;
  /** Of `members`, those that could not be read. */
  membersUnreadable: number;
  /** Files of the folder in no evidence format: listed and hashed, not read for events. */
  notEvidence: number;
  /** Files of the folder that could not be read (the row says why). */
  unreadable: number;
}

type Row = Pick<EvidenceEntry, 'format' | 'error'> & { archive?: string };

/** Each row in exactly one of read, members, notEvidence, unreadable. */
export function evidenceRowCounts(evidence: readonly Row[]): EvidenceRowCounts {
  const c: EvidenceRowCounts = { rows: evidence.length, read: 0, archives: 0, members: 0, membersUnreadable: 0, notEvidence: 0, unreadable: 0 };
  for (const e of evidence) {
    if (e.archive !== undefined) { c.members++; if (e.error) c.membersUnreadable++; }
    else if (e.error) c.unreadable++;
    else if (e.format === 'unknown') c.notEvidence++;
    else { c.read++; if (e.format === 'zip') c.archives++; }
  }
  return c;
}

/** Why a file of the folder was not read for events, in the words of the totals. */
export const NOT_EVIDENCE_WORDS = 'skipped as not evidence (hashed, not read)';

/**
 * What one row of the list is when it is not a file read for events, in the totals' words: an
 * archive member, a file skipped as not evidence, or an unreadable file with why; null for a
 * file read for events. The ingest list and the Evidence tab mark each row with it.
 */
export function evidenceRowStatus(e: Row): string | null {
  if (e.archive !== undefined) return e.error ? `archive member, unreadable: ${e.error}` : 'archive member';
  if (e.error) return `unreadable: ${e.error}`;
  if (e.format === 'unknown') return NOT_EVIDENCE_WORDS;
  return null;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The short form for a header: `32 files read for events` (with `· 34 rows` when the list has other rows). */
export function evidenceRowsShort(c: EvidenceRowCounts): string {
  const read = `${count(c.read, 'file', 'files')} read for events`;
  return c.rows === c.read ? read : `${read} · ${count(c.rows, 'row', 'rows')}`;
}

/** `34 rows` alone when every row is a file read for events, else what the rows are (parts at zero left out). */
export function evidenceRowsText(c: EvidenceRowCounts): string {
  const rows = count(c.rows, 'row', 'rows');
  if (c.rows === 0) return 'no file';
  if (c.read === c.rows) return `${count(c.rows, 'file', 'files')} read for events`;
  const parts = [
    c.read > 0 ? `${count(c.read, 'file', 'files')} read for events${c.archives > 0 ? ` (${count(c.archives, 'archive', 'archives')} among them)` : ''}` : '',
    c.members > 0 ? `${count(c.members, 'archive member', 'archive members')} listed as ${c.members === 1 ? 'a row of its own' : 'rows of their own'}${c.membersUnreadable > 0 ? ` (${c.membersUnreadable.toLocaleString('en-US')} unreadable)` : ''}` : '',
    c.notEvidence > 0 ? `${count(c.notEvidence, 'file', 'files')} ${NOT_EVIDENCE_WORDS}` : '',
    c.unreadable > 0 ? `${count(c.unreadable, 'file', 'files')} unreadable` : '',
  ].filter(Boolean);
  return `${rows}: ${parts.join(', ')}`;
}
