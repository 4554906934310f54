/**
 * Windows file paths as written in registry values and events, reduced to one comparable form:
 * lower-case, `\` separators, quotes / arguments / `,resource` suffixes removed, `\??\`, `\\?\`
 * and `file:///` prefixes removed, environment variables expanded (`%SystemRoot%` and the
 * doubled `%%SystemRoot%%` some Sysmon versions write). Per-user variables (`%APPDATA%`,
 * `%LOCALAPPDATA%`, `%USERPROFILE%`, `%TEMP%`) cannot be resolved from a log line: they become a
 * `c:\users\*\…` pattern whose `*` matches one path segment in `samePath`.
 */
export const MACHINE_VARS: Readonly<Record<string, string>> = {
  systemroot: 'c:\\windows',
  windir: 'c:\\windows',
  systemdrive: 'c:',
  programfiles: 'c:\\program files',
  'programfiles(x86)': 'c:\\program files (x86)',
  programw6432: 'c:\\program files',
  commonprogramfiles: 'c:\\program files\\common files',
  'commonprogramfiles(x86)': 'c:\\program files (x86)\\common files',
  programdata: 'c:\\programdata',
  allusersprofile: 'c:\\programdata',
  public: 'c:\\users\\public',
};
export const USER_VARS: Readonly<Record<string, string>> = {
  appdata: 'c:\\users\\*\\appdata\\roaming',
  localappdata: 'c:\\users\\*\\appdata\\local',
  userprofile: 'c:\\users\\*',
  homepath: '\\users\\*',
  temp: 'c:\\users\\*\\appdata\\local\\temp',
  tmp: 'c:\\users\\*\\appdata\\local\\temp',
};

/** Strips quotes, command-line arguments and `,N` resource suffixes; returns the file part. */
function filePartOf(text: string): string {
  let t = text.trim();
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1);
    return end > 0 ? t.slice(1, end) : t.slice(1);
  }
  if (t.startsWith("'")) {
    const end = t.indexOf("'", 1);
    return end > 0 ? t.slice(1, end) : t.slice(1);
  }
  // Unquoted: cut at the first ".ext" followed by a space, comma or end (C:\x\a b.dll,1 → C:\x\a b.dll).
  const m = /^(.*?\.[a-z0-9]{1,8})(?=[\s,]|$)/i.exec(t);
  if (m) t = m[1]!;
  else {
    const sp = t.search(/\s+[-/]/);
    if (sp > 0) t = t.slice(0, sp);
  }
  return t.trim();
}

/** The comparable form of a Windows file path, or null when the text is not a path-like value. */
export function normaliseFilePath(text: string | null | undefined): string | null {
  if (typeof text !== 'string') return null;
  let t = text.trim();
  if (t === '') return null;
  if (/^file:\/\/\/?/i.test(t)) {
    t = t.replace(/^file:\/\/\/?/i, '');
    try { t = decodeURIComponent(t); } catch { /* keep as is */ }
  }
  t = filePartOf(t);
  t = t.replace(/\//g, '\\');
  t = t.replace(/^\\\?\?\\/, '').replace(/^\\\\\?\\/, '').replace(/^\\\\\.\\/, '');
  t = t.replace(/%%?([a-z0-9_()]+)%%?/gi, (m, name: string) => {
    const k = name.toLowerCase();
    return MACHINE_VARS[k] ?? USER_VARS[k] ?? m;
  });
  t = t.replace(/^\\systemroot\\/i, 'c:\\windows\\');
  t = t.replace(/\\{2,}/g, '\\');
  t = t.toLowerCase();
  return t === '' ? null : t;
}

/** Last segment of a normalised path. */
export function fileNameOf(p: string | null): string | null {
  if (p === null) return null;
  const i = p.lastIndexOf('\\');
  const b = p.slice(i + 1);
  return b === '' ? null : b;
}

/**
 * Same file? Both sides normalised. A bare file name (no directory, e.g. `mscoree.dll`) matches
 * any path with that name (the loader's search path decides); a `*` segment matches one segment.
 */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const aBare = !a.includes('\\');
  const bBare = !b.includes('\\');
  if (aBare || bBare) return fileNameOf(a) === fileNameOf(b);
  if (!a.includes('*') && !b.includes('*')) return false;
  const as = a.split('\\');
  const bs = b.split('\\');
  if (as.length !== bs.length) return false;
  return as.every((s, i) => s === bs[i] || s === '*' || bs[i] === '*');
}

/**
 * Every file a registry value names: the command's own file and any absolute or env-var path in
 * its arguments (`rundll32.exe C:\\x\\a.dll,Start` names both rundll32.exe and C:\\x\\a.dll).
 */
export function filePathsIn(text: string | null | undefined): string[] {
  if (typeof text !== 'string' || text.trim() === '') return [];
  const out = new Set<string>();
  const first = normaliseFilePath(text);
  if (first) out.add(first);
  const re = /(?:[a-z]:\\|%%?[a-z0-9_()]+%%?\\|\\\?\?\\)[^"',;|<>\r\n]*?\.[a-z0-9]{2,4}(?=["',;\s]|$)/gi;
  for (const m of text.matchAll(re)) {
    const p = normaliseFilePath(m[0]);
    if (p) out.add(p);
  }
  return [...out];
}
