/**
 * Registry paths cut to what tells one row from the next: the hive, then the meaningful tail.
 * A user's hive path starts with the same SID on every row (`HKU\S-1-5-21-…_Classes\CLSID\…`), so
 * a timeline cut at the column's width shows nothing but the SID. Here the SID (and the hive's
 * `Software\Classes` prefix) gives way to `…`, and a GUID key to its first group:
 * `HKU\…\CLSID\{89565275…}\InProcServer32\(Default)`.
 * The full path stays in the row's title and in the event's fields (copyable).
 */

/** Hive roots as Sysmon, Security 4657 and the exports write them. */
const ROOT_RE = /(?:\\REGISTRY\\(?:MACHINE|USER|A)|HKEY_[A-Z_]+|HK(?:LM|CU|U|CR|CC))\\/gi;
/** A user hive's SID segment (`S-1-5-21-…`, `S-1-5-18`, with `_Classes`), or `.DEFAULT`. */
const SID_RE = /^(?:S-1-[0-9-]+(?:_Classes)?|\.DEFAULT)$/i;
/** The tail keeps this many key segments (the value name included). */
const TAIL_SEGMENTS = 4;
/** `{89565275-A714-4a43-912E-978B935EDCCC}`: 38 characters that differ only past the first group. */
const GUID_RE = /^\{([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

function shortGuid(segment: string): string {
  const m = GUID_RE.exec(segment);
  return m ? `{${m[1]}…}` : segment;
}

/** One registry path with the SID and the middle cut: `HKU\…\CLSID\{…}\InProcServer32\(Default)`. */
export function registryTail(path: string, keep = TAIL_SEGMENTS): string {
  const m = /^(?:\\REGISTRY\\(?:MACHINE|USER|A)|HKEY_[A-Z_]+|HK(?:LM|CU|U|CR|CC))(?=\\)/i.exec(path);
  if (!m) return path;
  const root = m[0];
  const segments = path.slice(root.length + 1).split('\\');
  let from = 0;
  if (segments.length > 1 && SID_RE.test(segments[0]!)) from = 1;
  // `Software\Classes` under a hive says no more than the SID did.
  if (segments[from]?.toLowerCase() === 'software' && segments[from + 1]?.toLowerCase() === 'classes' && segments.length - from > 2) from += 2;
  let start = Math.max(from, segments.length - keep);
  // A GUID key just above the tail names the object (`TypeLib\{…}\1.0\0\win32`): keep it and its parent.
  for (let g = start - 1; g >= Math.max(from, start - 3); g--) {
    if (GUID_RE.test(segments[g]!)) { start = Math.max(from, g - 1); break; }
  }
  const tail = segments.slice(start).map(shortGuid).join('\\');
  return start === 0 ? `${root}\\${tail}` : `${root}\\…\\${tail}`;
}

/**
 * Every registry path in one line of text (a timeline summary such as `SetValue <path> = <data>`)
 * with its tail only. A path runs from its hive root to ` = ` or the end of the line.
 */
export function shortenRegistryPaths(text: string, keep = TAIL_SEGMENTS): string {
  let out = '';
  let last = 0;
  ROOT_RE.lastIndex = 0;
  for (let m = ROOT_RE.exec(text); m !== null; m = ROOT_RE.exec(text)) {
    // A root inside a word (`xHKU\`) is not a path.
    if (m.index > 0 && /[\w\\]/.test(text[m.index - 1]!)) continue;
    const end = text.indexOf(' = ', m.index);
    const stop = end === -1 ? text.length : end;
    out += text.slice(last, m.index) + registryTail(text.slice(m.index, stop), keep);
    last = stop;
    ROOT_RE.lastIndex = stop;
  }
  return out + text.slice(last);
}
