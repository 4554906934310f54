/**
 * Entity decoding for Event XML. Only the five predefined entities and numeric character
 * references are decoded: documents with a DTD are refused before this runs, so no other entity
 * can be declared. Anything else is left as written and reported.
 */
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export interface DecodeResult {
  text: string;
  /** Problems found (unknown entity, bad character reference), as messages. */
  problems: string[];
}

const REF_RE = /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*);/g;

function validCodePoint(cp: number): boolean {
  if (!Number.isInteger(cp) || cp <= 0 || cp > 0x10ffff) return false;
  if (cp >= 0xd800 && cp <= 0xdfff) return false;
  // XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
  if (cp < 0x20 && cp !== 0x9 && cp !== 0xa && cp !== 0xd) return false;
  if (cp === 0xfffe || cp === 0xffff) return false;
  return true;
}

export function decodeEntities(raw: string): DecodeResult {
  if (raw.indexOf('&') < 0) return { text: raw, problems: [] };
  const problems: string[] = [];
  const text = raw.replace(REF_RE, (whole, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      const digits = body.slice(hex ? 2 : 1);
      const cp = digits.length > 8 ? NaN : parseInt(digits, hex ? 16 : 10);
      if (!validCodePoint(cp)) {
        problems.push(`invalid character reference ${whole}`);
        return '\uFFFD';
      }
      return String.fromCodePoint(cp);
    }
    const v = PREDEFINED[body];
    if (v === undefined) {
      problems.push(`undeclared entity ${whole} left as written`);
      return whole;
    }
    return v;
  });
  return { text, problems };
}
