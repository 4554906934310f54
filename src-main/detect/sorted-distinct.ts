/**
 * A bounded sorted set of strings in an array: what a finding keeps of its many values (the
 * registry values written, the writer GUIDs) without holding every one. `<` order (UTF-16 code
 * units), distinct, at most `max` kept: the ones that sort first, whatever the arrival order.
 */

/** Inserts `v` into the sorted distinct `values` unless there; keeps the first `max`. */
export function addSortedDistinct(values: string[], v: string, max: number): void {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  if (values[lo] === v || lo >= max) return;
  values.splice(lo, 0, v);
  if (values.length > max) values.length = max;
}
