/**
 * The first difference between two plain values, stricter than `toEqual` and
 * `isDeepStrictEqual`: key order, own keys whose value is `undefined` against absent ones, -0
 * against 0, NaN, array holes and prototypes all count. For round trips that must give back
 * exactly what went in (test/evidence-reading/packed-batch*.test.ts).
 */
export function exactDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (typeof a !== typeof b) return `${at}: ${typeof a} against ${typeof b}`;
  if (typeof a !== 'object' || a === null || b === null) return Object.is(a, b) ? null : `${at}: ${String(a)} against ${String(b)}`;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  if (Object.getPrototypeOf(x) !== Object.getPrototypeOf(y)) return `${at}: different prototypes`;
  if (Array.isArray(x) !== Array.isArray(y)) return `${at}: array against object`;
  if (Array.isArray(x) && x.length !== (y as unknown as unknown[]).length) return `${at}: length ${x.length} against ${(y as unknown as unknown[]).length}`;
  const kx = Object.keys(x);
  const ky = Object.keys(y);
  if (kx.length !== ky.length || kx.some((k, i) => k !== ky[i])) return `${at}: keys [${kx.join(',')}] against [${ky.join(',')}]`;
  for (const k of kx) {
    const d = exactDifference(x[k], y[k], `${at}.${k}`);
    if (d !== null) return d;
  }
  return null;
}
