/**
 * The entries of one correlation group and the bursts found in them. An entry is one hit of a
 * referenced rule; a burst is one correlation match: the union of the matching windows that share
 * events, so that no event is counted in two matches of the same correlation and group.
 */
export interface Entry<R> {
  timeMs: number;
  /** Position of the hit's rule in the correlation's `rules` list. */
  rule: number;
  /** `value_count`: the counted value (several fields joined); otherwise null. */
  value: string | null;
  /** Arrival number: the last tie-break (after the refs' own order, when the engine has one). */
  seq: number;
  ref: R;
}

export interface Burst {
  /** Indices into the sorted entries that make up the burst, ascending. */
  members: number[];
  /** Indices to list first when refs are capped (a temporal match's first hit of each rule). */
  priority: number[];
  firstMs: number;
  lastMs: number;
  fireMs: number;
  /** The end of every matching window (every chain's last hit), ascending: when the condition held. */
  heldMs: number[];
  count: number;
}

/**
 * Time order; equal times by rule position (so `temporal_ordered` reads a tie as in order), then
 * by `tie` (the refs' own order: the events' evidence and record id, so that which hits a match
 * lists does not depend on the order they arrived in), then arrival.
 */
export function sortEntries<R>(entries: Entry<R>[], tie: (a: R, b: R) => number = () => 0): void {
  entries.sort((a, b) => a.timeMs - b.timeMs || a.rule - b.rule || tie(a.ref, b.ref) || a.seq - b.seq);
}

export function range(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let i = lo; i <= hi; i++) out.push(i);
  return out;
}
