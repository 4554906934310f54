/** Where a finding's events were read from: a pure function of the shared finding shape (the app and imported documents). */
import type { MatchedEvent } from './contract-sigma';

/** The distinct evidence files of a finding's matched events, in order of first match. */
export function evidenceFilesOf(events: readonly Pick<MatchedEvent, 'evidence'>[]): string[] {
  return [...new Set(events.map((e) => e.evidence).filter((x) => x !== ''))];
}
