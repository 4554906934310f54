/**
 * The report's forensic soundness statement, derived from the checks actually made (issue #16):
 * how the files were opened, which files were hashed in full and which not, whether the output
 * path was checked against the evidence folder, whether sizes and modification times were
 * compared after reading, and what could not be read. Nothing here is a fixed claim: a check that
 * was not made is said not to have been made.
 */
import { eventTotal } from '../shared/evidence-totals';
import type { CaseScan, ReportChecks } from '../shared/contract';
import { fmtInt, plural } from './format';

/** Paths named in a statement at most (the evidence table and the JSON list them all). */
export const NAMED_PATHS_MAX = 10;

function named(paths: string[]): string {
  const shown = paths.slice(0, NAMED_PATHS_MAX).join(', ');
  return paths.length > NAMED_PATHS_MAX ? `${shown} and ${plural(paths.length - NAMED_PATHS_MAX, 'more')}` : shown;
}

export interface Soundness {
  /** One line for the box at the top of section 1. */
  headline: string;
  /** The statements of the method section, each a check and its outcome. */
  statements: string[];
}

export function soundness(scan: CaseScan, checks: ReportChecks | null): Soundness {
  const ev = scan.evidence;
  const files = ev.length;
  const hashed = ev.filter((e) => e.hashComplete);
  const notHashed = ev.filter((e) => !e.hashComplete).map((e) => e.path);
  const members = ev.filter((e) => e.path.includes('!/')).length;
  const skipped = ev.reduce((n, e) => n + (e.errors ?? 0), 0);
  const unreadable = ev.filter((e) => e.error !== undefined).map((e) => e.path);
  const records = eventTotal(ev); // each event once: an archive's row already holds its members' sum
  const statements: string[] = [];

  statements.push('The reader opens every evidence file read-only (O_RDONLY) and reads archives in place; it has no code path that writes, renames or deletes inside an evidence folder.');
  statements.push(notHashed.length === 0
    ? `SHA-256 was computed over the whole content of all ${plural(files, 'evidence file')}${members > 0 ? ` (${plural(members, 'archive member')} hashed as read from the archive)` : ''}.`
    : `SHA-256 was computed over the whole content of ${fmtInt(hashed.length)} of ${plural(files, 'evidence file')}; not for ${plural(notHashed.length, 'file')} whose reading stopped early (their hash covers nothing): ${named(notHashed)}.`);

  const out = checks?.outputOutsideEvidence ?? null;
  statements.push(out === true
    ? 'The path this report was saved to was checked before writing: it is outside every evidence folder opened (writing inside one is refused).'
    : out === false
      ? 'WARNING: this report was saved inside an evidence folder opened in this session.'
      : 'Where this report is saved was not checked by the tool when it was made (no save path was known to it): keep it outside the evidence folder.');

  const u = checks?.unchanged ?? null;
  if (u === null) {
    statements.push('File sizes and modification times were not compared again after reading.');
  } else if (u.changed.length === 0 && u.missing.length === 0) {
    statements.push(`After reading, the size and modification time of ${plural(u.checked, 'evidence file')} were compared with those recorded when the case was read: all unchanged.`);
  } else {
    const parts = [
      ...(u.changed.length > 0 ? [`${plural(u.changed.length, 'file')} changed size or modification time (${named(u.changed)})`] : []),
      ...(u.missing.length > 0 ? [`${plural(u.missing.length, 'file')} no longer present (${named(u.missing)})`] : []),
    ];
    statements.push(`WARNING: after reading, the size and modification time of ${plural(u.checked, 'evidence file')} were compared with those recorded when the case was read: ${parts.join('; ')}. The evidence changed on disk after it was read (not by this tool's reader, which opens files read-only).`);
  }

  statements.push(`Records: ${fmtInt(records)} read; ${fmtInt(skipped)} records or parts could not be read and were skipped` +
    `${unreadable.length > 0 ? `; ${plural(unreadable.length, 'file')} could not be read at all (${named(unreadable)})` : '; every file could be opened'}. ` +
    'Findings can only be as complete as the records that were read: a skipped record can hide an event.');

  const headline = [
    'Evidence opened read-only',
    notHashed.length === 0 ? `SHA-256 of all ${plural(files, 'file')}` : `SHA-256 of ${fmtInt(hashed.length)} of ${plural(files, 'file')} (${fmtInt(notHashed.length)} incomplete)`,
    out === true ? 'report saved outside the evidence folder (checked)' : out === false ? 'report saved INSIDE an evidence folder' : 'report location not checked',
    u === null ? 'modification times not re-checked' : u.changed.length + u.missing.length === 0 ? `sizes and modification times unchanged (${fmtInt(u.checked)} checked)` : `${fmtInt(u.changed.length + u.missing.length)} files changed or missing after reading`,
  ].join(' · ');
  return { headline: `${headline}. Details in the appendix.`, statements };
}
