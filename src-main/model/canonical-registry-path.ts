/**
 * Canonical registry paths: every spelling of the same registry place maps to one upper-case
 * form, keeping the hive scope (per-user or machine) and the 32-bit view as separate facts.
 *
 * Spellings handled (any letter case, `\` or `/`-free Windows paths):
 * - roots: `HKLM`, `HKEY_LOCAL_MACHINE`, `\REGISTRY\MACHINE`; `HKCU`, `HKEY_CURRENT_USER`;
 *   `HKU`, `HKEY_USERS`, `\REGISTRY\USER`; `HKCR`, `HKEY_CLASSES_ROOT`; PowerShell drive forms
 *   `HKLM:\`, `Registry::HKEY_…`.
 * - per-user classes: `HKU\<SID>_Classes\…`, `\REGISTRY\USER\<SID>_Classes\…`,
 *   `HKU\<SID>\Software\Classes\…`, `HKCU\Software\Classes\…` → `HKCU\SOFTWARE\CLASSES\…`
 *   (scope `user`, the SID kept in `userSid` when the spelling names it).
 * - machine classes: `HKLM\SOFTWARE\Classes\…`, `\REGISTRY\MACHINE\SOFTWARE\Classes\…` and
 *   `HKCR\…` → `HKLM\SOFTWARE\CLASSES\…` (scope `machine`). `HKCR` is taken as machine scope
 *   because that is what Sysmon means by it: Sysmon abbreviates
 *   `\REGISTRY\MACHINE\SOFTWARE\Classes` as `HKCR` and writes per-user classes as
 *   `HKU\<SID>_Classes` (`hkcrAmbiguous` marks such paths for callers that care).
 * - 32-bit views: a `Wow6432Node` segment right under `SOFTWARE` or under a Classes root
 *   (`HKCR\Wow6432Node\CLSID`, `HKLM\SOFTWARE\Wow6432Node\Classes\CLSID`,
 *   `HKLM\SOFTWARE\Classes\Wow6432Node\CLSID`) is removed from `canonical` and `wow64` is set.
 */
type RegistryScope = 'user' | 'machine' | 'unknown';

export interface CanonicalRegistryPath {
  /** Upper-case canonical key path, e.g. `HKCU\SOFTWARE\CLASSES\CLSID\{…}\INPROCSERVER32`. */
  canonical: string;
  scope: RegistryScope;
  /** The user's SID (or `.DEFAULT`) when the spelling names it (`HKU\<SID>…`), else null. */
  userSid: string | null;
  /** Under a Classes root (what `HKCR` shows). */
  classes: boolean;
  /** Path below the Classes root without `Wow6432Node`, upper-case, e.g. `CLSID\{…}\INPROCSERVER32`. */
  classesRelative: string | null;
  /** Seen through a `Wow6432Node` (32-bit) view. */
  wow64: boolean;
  /** The spelling was `HKCR` (merged view), so the real hive was not named by the source. */
  hkcrAmbiguous: boolean;
}

const MACHINE_ROOTS = new Set(['HKLM', 'HKEY_LOCAL_MACHINE', 'MACHINE']);
const USER_ROOTS = new Set(['HKU', 'HKEY_USERS', 'USER']);
const CURRENT_USER_ROOTS = new Set(['HKCU', 'HKEY_CURRENT_USER']);
const CLASSES_ROOTS = new Set(['HKCR', 'HKEY_CLASSES_ROOT']);

function segmentsOf(path: string): string[] {
  let p = path.trim();
  p = p.replace(/^registry::/i, '');
  p = p.replace(/\//g, '\\');
  let segs = p.split('\\').filter((s) => s.length > 0);
  if (segs.length && segs[0]!.toUpperCase() === 'REGISTRY') segs = segs.slice(1);
  if (segs.length && segs[0]!.endsWith(':')) segs[0] = segs[0]!.slice(0, -1); // HKLM:\
  return segs;
}

/** Strips `Wow6432Node` right under the classes root; returns the remaining upper-case segments. */
function stripWow(segs: string[]): { rest: string[]; wow64: boolean } {
  if (segs.length && segs[0]!.toUpperCase() === 'WOW6432NODE') return { rest: segs.slice(1), wow64: true };
  return { rest: segs, wow64: false };
}

function classesResult(scope: RegistryScope, userSid: string | null, below: string[], wowBefore: boolean, hkcr: boolean): CanonicalRegistryPath {
  const { rest, wow64 } = stripWow(below);
  const rel = rest.map((s) => s.toUpperCase()).join('\\');
  const root = scope === 'user' ? 'HKCU\\SOFTWARE\\CLASSES' : 'HKLM\\SOFTWARE\\CLASSES';
  return {
    canonical: rel ? `${root}\\${rel}` : root,
    scope, userSid, classes: true, classesRelative: rel, wow64: wow64 || wowBefore, hkcrAmbiguous: hkcr,
  };
}

/** Below a hive root (`SOFTWARE\…` of HKLM or of a user): detects classes and Wow6432Node. */
function belowHive(scope: RegistryScope, userSid: string | null, segs: string[]): CanonicalRegistryPath {
  const up = segs.map((s) => s.toUpperCase());
  if (up[0] === 'SOFTWARE') {
    if (up[1] === 'CLASSES') return classesResult(scope, userSid, segs.slice(2), false, false);
    if (up[1] === 'WOW6432NODE') {
      if (up[2] === 'CLASSES') return classesResult(scope, userSid, segs.slice(3), true, false);
      const rest = ['SOFTWARE', ...up.slice(2)];
      return { canonical: `${scope === 'user' ? 'HKCU' : 'HKLM'}\\${rest.join('\\')}`, scope, userSid, classes: false, classesRelative: null, wow64: true, hkcrAmbiguous: false };
    }
  }
  const root = scope === 'user' ? 'HKCU' : 'HKLM';
  return { canonical: up.length ? `${root}\\${up.join('\\')}` : root, scope, userSid, classes: false, classesRelative: null, wow64: false, hkcrAmbiguous: false };
}

/** Canonical form of a registry key path (pass the key, not key + value name). */
export function canonicalRegistryPath(path: string): CanonicalRegistryPath {
  const segs = segmentsOf(path);
  if (segs.length === 0) {
    return { canonical: '', scope: 'unknown', userSid: null, classes: false, classesRelative: null, wow64: false, hkcrAmbiguous: false };
  }
  const root = segs[0]!.toUpperCase();
  const rest = segs.slice(1);
  if (MACHINE_ROOTS.has(root)) return belowHive('machine', null, rest);
  if (CURRENT_USER_ROOTS.has(root)) return belowHive('user', null, rest);
  if (CLASSES_ROOTS.has(root)) return classesResult('machine', null, rest, false, true);
  if (USER_ROOTS.has(root)) {
    if (rest.length === 0) return { canonical: 'HKU', scope: 'user', userSid: null, classes: false, classesRelative: null, wow64: false, hkcrAmbiguous: false };
    const sidSeg = rest[0]!;
    const m = /^(.*)_classes$/i.exec(sidSeg);
    if (m) return classesResult('user', m[1]!.toUpperCase(), rest.slice(1), false, false);
    return belowHive('user', sidSeg.toUpperCase(), rest.slice(1));
  }
  // Unknown root (app hive `\REGISTRY\A\…`, a bare relative path): upper-case, scope unknown.
  const up = segs.map((s) => s.toUpperCase()).join('\\');
  return { canonical: up, scope: 'unknown', userSid: null, classes: false, classesRelative: null, wow64: false, hkcrAmbiguous: false };
}

/**
 * Spellings of the unnamed (default) value: Sysmon's `(Default)`, the empty name (Security 4657,
 * APIs), `@` (.reg files), and localized regedit labels seen in exported data. Compared after
 * trimming, Unicode NFC (an exporter may write `é` as `e` + combining accent) and lower-casing.
 * A value literally named `Default` (no parentheses) is a named value, not the default one.
 *
 * Survey of the public samples (2026-12-05: every EID 12/13/14 TargetObject of the shared corpus,
 * EVTX-ATTACK-SAMPLES, OTRF, omerbenamram, SigmaHQ regression data, zircolite; 4,562 registry
 * events in 329 files, read through the app's own readers): the default value occurs only as
 * `(Default)`, 76 times, all Sysmon EID 13 (OTRF 62, omerbenamram 8, EVTX-ATTACK-SAMPLES 2, SigmaHQ
 * 2 + 2). No braces (`{Default}`), no localized label, no empty or `@` name occurs there; the
 * other last segments that look alike are keys or named values (`Default` and `DefaultIcon` as key
 * names in EID 12, `DefaultFolderRelativePath`…), which must not be read as the default value.
 * The localized labels below come from regedit's UI in those languages (exports copy them).
 */
export const DEFAULT_VALUE_SPELLINGS: ReadonlySet<string> = new Set([
  '', '(default)', '@', '(standard)', '(par défaut)', '(predeterminado)', '(predefinito)', '(padrão)',
  '(standaard)', '(domyślna)', '(výchozí)', '(по умолчанию)', '(既定)', '(기본값)', '(默认)', '(預設)',
]);

export function isDefaultValueName(name: string | null | undefined): boolean {
  if (name === null || name === undefined) return false;
  return DEFAULT_VALUE_SPELLINGS.has(name.trim().normalize('NFC').toLowerCase());
}

/** The canonical spelling of a value name: `(Default)` for any default spelling, else as written. */
export function canonicalValueName(name: string): string {
  return isDefaultValueName(name) ? '(Default)' : name;
}

export interface SplitRegistryPath {
  /** The key path as written (without the value name). */
  key: string;
  /** The value name as written, or null when the path names a key only. */
  valueName: string | null;
}

/**
 * Splits a path that ends with a value name (Sysmon TargetObject of SetValue / DeleteValue) into
 * key and value name. Sysmon joins key and value with `\`, so the last segment is the value name
 * (a value name that itself contains `\` cannot be told apart; the split is then wrong by design).
 */
export function splitKeyAndValue(pathWithValue: string): SplitRegistryPath {
  const i = pathWithValue.lastIndexOf('\\');
  if (i < 0) return { key: '', valueName: pathWithValue };
  return { key: pathWithValue.slice(0, i), valueName: pathWithValue.slice(i + 1) };
}
