/**
 * GUID normalisation for joining: `{UPPER-CASE}` with braces, whatever the source wrote
 * (OTRF/NXLog JSON lower-case with braces, evtx_dump JSON upper-case without braces, XML with).
 */
const GUID_RE = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

export function isGuid(text: unknown): text is string {
  // length first: this runs on every field value of every event
  return typeof text === 'string' && text.length >= 36 && text.length <= 40 && GUID_RE.test(text.trim());
}

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`, or null when the text is not a GUID. */
export function normaliseGuid(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const m = GUID_RE.exec(text.trim());
  return m ? `{${m[1]!.toUpperCase()}}` : null;
}
