/**
 * GUID normalisation for joining: `{UPPER-CASE}` with braces, whatever the source wrote
 * (OTRF/NXLog JSON lower-case with braces, evtx_dump JSON upper-case without braces, XML with).
 */
const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** Is `s` already `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, upper case (as our EVTX reader writes it)? */
function isCanonicalGuid(s: string): boolean {
  if (s.length !== 38 || s.charCodeAt(0) !== 123 || s.charCodeAt(37) !== 125) return false;
  for (let i = 1; i < 37; i++) {
    const c = s.charCodeAt(i);
    if (i === 9 || i === 14 || i === 19 || i === 24) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}

export function isGuid(text: unknown): text is string {
  // length first: this runs on every field value of every event
  return typeof text === 'string' && text.length >= 36 && text.length <= 40 && (isCanonicalGuid(text) || GUID_RE.test(text.trim()));
}

/** The last GUID-sized text normalised and its result: a file's events repeat their provider's GUID. */
let lastText = '';
let lastGuid: string | null = null;

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, or null when the text is not a GUID. */
export function normaliseGuid(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  if (text === lastText) return lastGuid;
  const g = guidOf(text);
  // only texts that can be GUIDs are kept (a long one costs a compare per call, and stays alive)
  if (text.length <= 64) {
    lastText = text;
    lastGuid = g;
  }
  return g;
}

function guidOf(text: string): string | null {
  if (isCanonicalGuid(text)) return text;
  const m = GUID_RE.exec(text.trim());
  return m ? `{${m[1]!.toUpperCase()}}` : null;
}
