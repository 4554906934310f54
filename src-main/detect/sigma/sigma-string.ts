/**
 * Sigma string values (specification 2.x, "Strings and wildcards"): `*` matches any run of
 * characters, `?` one character, `\` escapes a following `*`, `?` or `\` (any other `\` is a
 * literal backslash, as pySigma reads it). A value is kept as parts so modifiers can add
 * wildcards or encode the literal text; `oneOf` is a single character from a set (`windash`).
 */
export type SigmaPart = string | { wild: '*' | '?' } | { oneOf: string[] };
export type SigmaString = SigmaPart[];

export const ANY: SigmaPart = { wild: '*' };
export const ONE: SigmaPart = { wild: '?' };

/** Reads a rule's text value into parts, honouring wildcards and escapes. */
export function parseSigmaString(text: string): SigmaString {
  const out: SigmaString = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\') {
      const n = text[i + 1];
      if (n === '*' || n === '?' || n === '\\') {
        lit += n;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      if (lit) out.push(lit);
      lit = '';
      out.push(c === '*' ? ANY : ONE);
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

/** A plain literal value (no wildcards): regex and numeric values, fieldref names. */
export function literalString(text: string): SigmaString {
  return text ? [text] : [];
}

export function hasSpecial(s: SigmaString): boolean {
  return s.some((p) => typeof p !== 'string');
}

/** The literal text of a value without wildcards (callers check `hasSpecial` first). */
export function plainText(s: SigmaString): string {
  return s.map((p) => (typeof p === 'string' ? p : '')).join('');
}

export function isAnyWild(p: SigmaPart | undefined): boolean {
  return p !== undefined && typeof p !== 'string' && 'wild' in p && p.wild === '*';
}

/** `contains`: `*value*` (a wildcard already at an end is not doubled). */
export function wrapContains(s: SigmaString): SigmaString {
  return wrapEnd(wrapStart(s));
}

/** `endswith`: `*value`. */
export function wrapStart(s: SigmaString): SigmaString {
  return isAnyWild(s[0]) ? s : [ANY, ...s];
}

/** `startswith`: `value*`. */
export function wrapEnd(s: SigmaString): SigmaString {
  return isAnyWild(s[s.length - 1]) ? s : [...s, ANY];
}
