/**
 * `a.localeCompare(b)` (the default collation the findings' listed events and writers have
 * always been sorted by), without the collator when the two strings are the same. The first
 * `localeCompare` of a process builds ICU's collator (8–15 ms quiet, 30–40 ms on a loaded
 * machine, in the triage's final step), and a sort of listed events reaches the tie-break only
 * for events of one time: nearly always of one evidence file, whose name is then equal (on the
 * shared corpus every tie is). Identical strings collate equal in every locale, so the order is
 * unchanged; strings that differ still go to the collator.
 */
export function compareLocale(a: string, b: string): number {
  return a === b ? 0 : a.localeCompare(b);
}
