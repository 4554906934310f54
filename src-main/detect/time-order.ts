/**
 * The order of normalised times (model/time.ts: ISO-8601 UTC with 7 fractional digits,
 * `2019-05-21T00:35:07.3750000Z`), no time (null, '') first: the order of their UTF-16 code
 * units. It is the order `localeCompare` gave them: two such strings first differ at two digits,
 * or (a year outside 0000–9999) at a digit and the `-` that ends the other's year, and every
 * collation that does not ignore punctuation orders those as the code units do. Without the
 * collator, whose first use in a process builds ICU's collation tables (tens of ms of the
 * triage's final step, the findings' assembly), and whatever the machine's locale.
 */
export function compareTimes(a: string | null | undefined, b: string | null | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
