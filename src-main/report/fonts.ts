/**
 * The report's fonts: where the vendored DejaVu TTFs are, the pdfmake font table, and which
 * characters each family can draw (read from the fonts' own cmap tables).
 *
 * The font folder is `<assets>/fonts`. `<assets>` is, in order: what setReportAssetsDir() set,
 * the EVTX_TRIAGE_ASSETS environment variable, or the repository's `assets/` folder resolved
 * from this file (or else from the working directory): right for tsx, vitest and the dev app. The
 * packaged app gets `assets/fonts` as an extra resource (`<resources>/fonts`) and must call
 * setReportAssetsDir(process.resourcesPath) before the first report.
 */
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

/** The pdfmake family names the document uses. */
export const BODY_FONT = 'DejaVuSans';
export const MONO_FONT = 'DejaVuSansMono';
/** The fallbacks for what DejaVu lacks, when a font file for them is found (fallbackFonts()). */
export const CJK_FONT = 'DroidSansFallback';
export const HANGUL_FONT = 'NanumGothic';
export type FontFamily = typeof BODY_FONT | typeof MONO_FONT;

const HANGUL = (cp: number): boolean => (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff);

/**
 * The fallback fonts, in the order they are tried: Droid Sans Fallback (Debian
 * `fonts-droid-fallback`, Apache 2.0: CJK ideographs, kana, some Hangul), then NanumGothic (Debian
 * `fonts-nanum`, SIL OFL: every Hangul syllable), which is tried first for Hangul. Each is looked for in the report's font
 * folder (a build may vendor it there), then where Debian installs it. A character no font draws
 * is printed as its ⟨U+XXXX⟩ code point, and the report says which fonts it had.
 */
const FALLBACKS: readonly { family: string; file: string; system: string; prefer?: (cp: number) => boolean }[] = [
  { family: CJK_FONT, file: 'DroidSansFallbackFull.ttf', system: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { family: HANGUL_FONT, file: 'NanumGothic.ttf', system: '/usr/share/fonts/truetype/nanum/NanumGothic.ttf', prefer: HANGUL },
];
let cjkSearchOverride: readonly string[] | null = null;

/** Replaces the system paths searched for the fallbacks (tests; [] to do without); null restores them. */
export function setCjkFontSearch(paths: readonly string[] | null): void {
  cjkSearchOverride = paths;
  coverageCache.clear();
}

export interface FallbackFont { family: string; file: string; prefer?: (cp: number) => boolean }

/** The fallback fonts found, in order. */
export function fallbackFontFiles(): FallbackFont[] {
  const out: FallbackFont[] = [];
  for (const fb of FALLBACKS) {
    const system = cjkSearchOverride === null ? [fb.system] : cjkSearchOverride.filter((p) => path.basename(p) === fb.file);
    const file = [path.join(reportFontDir(), fb.file), ...system].find((p) => existsSync(p));
    if (file !== undefined) out.push({ family: fb.family, file, ...(fb.prefer ? { prefer: fb.prefer } : {}) });
  }
  return out;
}

/** The first fallback font file found, or null when there is none. */
export function cjkFontFile(): string | null {
  return fallbackFontFiles()[0]?.file ?? null;
}

/** The files of each family, by pdfmake style. Mono has no oblique faces: italics fall back upright. */
const FACES: Record<FontFamily, { normal: string; bold: string; italics: string; bolditalics: string }> = {
  DejaVuSans: {
    normal: 'DejaVuSans.ttf',
    bold: 'DejaVuSans-Bold.ttf',
    italics: 'DejaVuSans-Oblique.ttf',
    bolditalics: 'DejaVuSans-BoldOblique.ttf',
  },
  DejaVuSansMono: {
    normal: 'DejaVuSansMono.ttf',
    bold: 'DejaVuSansMono-Bold.ttf',
    italics: 'DejaVuSansMono.ttf',
    bolditalics: 'DejaVuSansMono-Bold.ttf',
  },
};

let assetsOverride: string | null = null;

/** Points the report at another assets folder (the one holding `fonts/`); null restores the default. */
export function setReportAssetsDir(dir: string | null): void {
  assetsOverride = dir === null ? null : path.resolve(dir);
  coverageCache.clear();
}

export function reportAssetsDir(): string {
  if (assetsOverride !== null) return assetsOverride;
  const env = process.env.EVTX_TRIAGE_ASSETS;
  if (env !== undefined && env !== '') return path.resolve(env);
  const candidates = [path.resolve(path.dirname(__filename), '../../assets'), path.resolve(process.cwd(), 'assets')];
  return candidates.find((dir) => existsSync(path.join(dir, 'fonts', FACES[BODY_FONT].normal))) ?? candidates[0]!;
}

export function reportFontDir(): string {
  return path.join(reportAssetsDir(), 'fonts');
}

type Faces = { normal: string; bold: string; italics: string; bolditalics: string };
export type FontTable = Record<FontFamily, Faces> & { [family: string]: Faces };

/** Absolute paths of every face, checked to exist. */
export function fontTable(): FontTable {
  const dir = reportFontDir();
  const out = {} as FontTable;
  for (const family of Object.keys(FACES) as FontFamily[]) {
    const f = FACES[family];
    const faces = {
      normal: path.join(dir, f.normal),
      bold: path.join(dir, f.bold),
      italics: path.join(dir, f.italics),
      bolditalics: path.join(dir, f.bolditalics),
    };
    for (const p of Object.values(faces)) {
      if (!existsSync(p)) throw new Error(`report font missing: ${p} (set EVTX_TRIAGE_ASSETS to the folder holding fonts/)`);
    }
    out[family] = faces;
  }
  // A fallback has one face: bold and italics print upright and regular.
  for (const fb of fallbackFontFiles()) out[fb.family] = { normal: fb.file, bold: fb.file, italics: fb.file, bolditalics: fb.file };
  return out;
}

/** Every font file path the table uses (the only local files pdfmake may read). */
export function fontPaths(table: FontTable): Set<string> {
  const s = new Set<string>();
  for (const faces of Object.values(table)) for (const p of Object.values(faces)) s.add(path.resolve(p));
  return s;
}

// ---------------------------------------------------------------------------------------------
// Coverage: which code points a family draws in all its faces (a missing glyph prints as a box,
// which loses the character; the report shows such characters as ⟨U+XXXX⟩ instead).
// ---------------------------------------------------------------------------------------------

/** A set of code points as sorted, disjoint [start, end] ranges. */
export class CodePointSet {
  constructor(private readonly ranges: ReadonlyArray<readonly [number, number]>) {}

  has(cp: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [s, e] = this.ranges[mid]!;
      if (cp < s) hi = mid - 1;
      else if (cp > e) lo = mid + 1;
      else return true;
    }
    return false;
  }

  static fromCodePoints(cps: Iterable<number>): CodePointSet {
    const sorted = [...new Set(cps)].sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (const cp of sorted) {
      const last = ranges[ranges.length - 1];
      if (last && cp === last[1] + 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
    return new CodePointSet(ranges);
  }

  union(other: CodePointSet): CodePointSet {
    const all = [...this.ranges, ...other.ranges].sort((x, y) => x[0] - y[0]);
    const out: [number, number][] = [];
    for (const [s, e] of all) {
      const last = out[out.length - 1];
      if (last && s <= last[1] + 1) last[1] = Math.max(last[1], e);
      else out.push([s, e]);
    }
    return new CodePointSet(out);
  }

  intersect(other: CodePointSet): CodePointSet {
    const out: [number, number][] = [];
    const a = this.ranges;
    const b = other.ranges;
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const s = Math.max(a[i]![0], b[j]![0]);
      const e = Math.min(a[i]![1], b[j]![1]);
      if (s <= e) out.push([s, e]);
      if (a[i]![1] < b[j]![1]) i++;
      else j++;
    }
    return new CodePointSet(out);
  }
}

/** The code points a TrueType font maps to a real glyph (cmap format 4 or 12, Windows Unicode). */
export function ttfCoverage(buf: Buffer): CodePointSet {
  const numTables = buf.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    if (buf.toString('latin1', rec, rec + 4) === 'cmap') cmap = buf.readUInt32BE(rec + 8);
  }
  if (cmap < 0) throw new Error('font has no cmap table');
  const n = buf.readUInt16BE(cmap + 2);
  let best = -1;
  let bestRank = -1;
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + 8 * i;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const off = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(off);
    const rank = platform === 3 && encoding === 10 && format === 12 ? 2 : platform === 3 && encoding === 1 && format === 4 ? 1 : -1;
    if (rank > bestRank) { best = off; bestRank = rank; }
  }
  if (best < 0) throw new Error('font has no Windows Unicode cmap');
  const cps: number[] = [];
  if (bestRank === 2) {
    const groups = buf.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const rec = best + 16 + 12 * g;
      const start = buf.readUInt32BE(rec);
      const end = buf.readUInt32BE(rec + 4);
      const gid = buf.readUInt32BE(rec + 8);
      for (let c = start; c <= end; c++) if (gid + (c - start) !== 0) cps.push(c);
    }
  } else {
    const segX2 = buf.readUInt16BE(best + 6);
    const ends = best + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = buf.readUInt16BE(ends + 2 * s);
      const start = buf.readUInt16BE(starts + 2 * s);
      const delta = buf.readInt16BE(deltas + 2 * s);
      const roPos = rangeOffsets + 2 * s;
      const ro = buf.readUInt16BE(roPos);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let gid: number;
        if (ro === 0) gid = (c + delta) & 0xffff;
        else {
          const g = buf.readUInt16BE(roPos + ro + 2 * (c - start));
          gid = g === 0 ? 0 : (g + delta) & 0xffff;
        }
        if (gid !== 0) cps.push(c);
      }
    }
  }
  return CodePointSet.fromCodePoints(cps);
}

const coverageCache = new Map<string, CodePointSet>();

/** What one font file draws (cached). */
export function fileCoverage(file: string): CodePointSet {
  let set = coverageCache.get(file);
  if (!set) {
    set = ttfCoverage(readFileSync(file));
    coverageCache.set(file, set);
  }
  return set;
}

/** What the fallbacks draw together, or null when no fallback font is found. */
export function cjkCoverage(): CodePointSet | null {
  const found = fallbackFontFiles();
  if (found.length === 0) return null;
  return found.map((f) => fileCoverage(f.file)).reduce((a, b) => a.union(b));
}

/** The characters every face of the family draws. */
export function familyCoverage(family: FontFamily): CodePointSet {
  const dir = reportFontDir();
  const key = `${dir}\u0000${family}`;
  let set = coverageCache.get(key);
  if (!set) {
    const files = [...new Set(Object.values(FACES[family]))];
    for (const f of files) {
      const one = ttfCoverage(readFileSync(path.join(dir, f)));
      set = set ? set.intersect(one) : one;
    }
    coverageCache.set(key, set!);
  }
  return set!;
}
