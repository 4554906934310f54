/**
 * The generated Sigma fixtures' field items (test/helpers/sigma-fixture-synth.ts): for one
 * detection item `Field|mods: values` (Sigma specification 2.x, "Modifiers"), a value that meets
 * it, and an evaluation of the item on a synthesised event that is written apart from the engine
 * (wildcards and `windash` as regular expressions, `base64`/`base64offset`/`utf16*` by encoding,
 * `cidr` by address arithmetic), so a modifier the engine gets wrong makes the fixture test fail
 * instead of agreeing with it. The evaluation is three-valued: `null` when it cannot tell.
 */
import { regexSample } from './regex-sample';

export type Scalar = string | number | boolean | null;

/** One detection item: a field (null: a keyword) with its modifiers and values. */
export interface FieldItem {
  field: string | null;
  mods: string[];
  values: Scalar[];
  /** Where it is, `search[map].key`, for messages. */
  where: string;
}

/** A synthesised event's fields by lower-cased name (the engine reads names in any letter case). */
export type FieldMap = Map<string, { name: string; value: string }>;

/** How a generated value must sit in the field: alone, at its start or end, or anywhere in it. */
type Anchor = 'exact' | 'prefix' | 'suffix' | 'contains';

/** What an item asks of its field for a positive. */
export type Want =
  | { kind: 'text'; text: string; anchor: Anchor }
  | { kind: 'absent' }
  | { kind: 'present' }
  | { kind: 'fieldref'; other: string; anchor: Anchor };

export type Tri = boolean | null;

const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
const COMPARE = ['lt', 'lte', 'gt', 'gte'];
const ENCODING = ['wide', 'utf16le', 'utf16be', 'utf16'];

/** Per-rule choices (which list value, dash, letter case, base64 offset), from a hash: deterministic, varied over the set. */
export interface Choices {
  pick(n: number, salt: string): number;
}

function encode(text: string, mod: string | null): Buffer {
  if (mod === null) return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  if (mod === 'utf16be') return Buffer.from(le).swap16();
  if (mod === 'utf16') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  return le;
}

/** A wildcard of a Sigma string (an object, so a literal `*` or `?` written `\\*`, `\\?` stays a string). */
type Wild = { wild: '*' | '?' };
type Part = string | Wild;

/** The parts of a Sigma string: literal runs and wildcards (specification: `\\` escapes `*`, `?`, `\\`). */
function wildParts(text: string): Part[] {
  const out: Part[] = [];
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (text[i + 1] === '*' || text[i + 1] === '?' || text[i + 1] === '\\')) lit += text[++i];
    else if (c === '*' || c === '?') {
      if (lit) out.push(lit);
      lit = '';
      out.push({ wild: c });
    } else lit += c;
  }
  if (lit) out.push(lit);
  return out;
}

/** The literal text of a value without wildcards, or null when it has one. */
function plainOf(text: string): string | null {
  const parts = wildParts(text);
  return parts.every((p) => typeof p === 'string') ? parts.join('') : null;
}

/** pySigma's windash: a `-` or `/` starting an option (`\B[-/]\b`) may be any dash. */
const DASH_AT = /\B[-/]\b/g;

function anchorOf(mods: string[], keyword: boolean): Anchor {
  if (mods.includes('contains') || (keyword && !mods.includes('startswith') && !mods.includes('endswith'))) return 'contains';
  if (mods.includes('startswith')) return 'prefix';
  if (mods.includes('endswith')) return 'suffix';
  return 'exact';
}

function flipCase(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
}

/** A value meeting one of the item's values (or all of them with `all`: the caller gives each), or a reason it cannot be made. */
export function wantOf(item: FieldItem, value: Scalar, choices: Choices): Want | { reason: string } {
  const mods = item.mods;
  const keyword = item.field === null;
  if (mods.includes('expand')) return { reason: 'expand: placeholder values' };
  if (mods.includes('exists')) return value === true || value === 'true' ? { kind: 'present' } : { kind: 'absent' };
  if (value === null) return keyword ? { reason: 'null keyword' } : { kind: 'absent' };
  const text = String(value);
  if (mods.includes('neq')) return { kind: 'text', text: `${text}_other`, anchor: 'exact' };
  if (mods.includes('fieldref')) return { kind: 'fieldref', other: text, anchor: anchorOf(mods, false) };
  const cmp = mods.find((m) => COMPARE.includes(m));
  if (cmp) {
    const n = Number(text);
    if (!Number.isFinite(n)) return { reason: `${cmp} of a non-number` };
    return { kind: 'text', text: String(cmp === 'lt' ? n - 1 : cmp === 'gt' ? n + 1 : n), anchor: 'exact' };
  }
  if (mods.includes('cidr')) return { kind: 'text', text: text.split('/')[0]!, anchor: 'exact' };
  if (mods.includes('re')) {
    const flags = ['i', 'm', 's'].filter((f) => mods.includes(f)).join('');
    const r = regexSample(text, flags, choices.pick(4, `re:${item.where}`));
    if ('reason' in r) return r;
    // A pattern with an anchor anywhere keeps its sample as the whole value (the sample alone matches).
    const outsideClasses = text.replace(/\\[^AZ]/g, 'e').replace(/\[[^\]]*\]/g, 'c');
    const anchored = /[\^$]|\\A|\\Z/.test(outsideClasses);
    return { kind: 'text', text: r.sample, anchor: anchored ? 'exact' : 'contains' };
  }
  const anchor = anchorOf(mods, keyword);
  const enc = mods.find((m) => ENCODING.includes(m)) ?? null;
  const b64 = mods.includes('base64offset') ? 'offset' : mods.includes('base64') ? 'plain' : null;
  if (typeof value !== 'string' && (enc || b64)) return { kind: 'text', text, anchor };
  if (enc || b64) {
    const plain = plainOf(text);
    if (plain === null) return { reason: `${enc ?? 'base64'} of a value with wildcards` };
    if (!b64) return { reason: `${enc} without base64 (a byte string event text cannot carry)` };
    if (b64 === 'plain') return { kind: 'text', text: encode(plain, enc).toString('base64'), anchor };
    // An encoded stream holding the value at a chosen byte offset.
    const lead = encode('ab'.slice(0, choices.pick(3, `b64:${item.where}`)), enc === 'utf16' ? 'utf16le' : enc);
    const body = Buffer.concat([lead, encode(plain, enc === 'utf16' ? 'utf16le' : enc), encode('yz', enc === 'utf16' ? 'utf16le' : enc)]);
    return { kind: 'text', text: body.toString('base64'), anchor: anchor === 'exact' ? 'contains' : anchor };
  }
  const dash = WINDASH[choices.pick(WINDASH.length, `dash:${item.where}`)]!;
  const flip = !mods.includes('cased') && choices.pick(2, `case:${item.where}`) === 1;
  let out = '';
  for (const p of typeof value === 'string' ? wildParts(text) : [text]) {
    if (typeof p !== 'string') out += p.wild === '*' ? 'W' : 'Q';
    else {
      const lit = mods.includes('windash') ? p.replace(DASH_AT, dash) : p;
      out += flip ? flipCase(lit) : lit;
    }
  }
  return { kind: 'text', text: out, anchor };
}

// ---- Evaluation, apart from the engine ----

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const regexes = new Map<string, RegExp>();

/** A regular expression for a string value with its wildcards, anchors and windash (not encoded), made once. */
function stringRegex(text: string, mods: string[], keyword: boolean, literal: boolean): RegExp {
  const key = `${mods.join('|')}\0${keyword}\0${literal}\0${text}`;
  let re = regexes.get(key);
  if (!re) regexes.set(key, (re = makeStringRegex(text, mods, keyword, literal)));
  return re;
}

function makeStringRegex(text: string, mods: string[], keyword: boolean, literal: boolean): RegExp {
  const anchor = anchorOf(mods, keyword);
  let src = '';
  for (const p of literal ? [text] : wildParts(text)) {
    if (typeof p !== 'string') src += p.wild === '*' ? '[\\s\\S]*' : '[\\s\\S]';
    else if (mods.includes('windash')) {
      let last = 0;
      for (const m of p.matchAll(DASH_AT)) {
        src += escapeRe(p.slice(last, m.index)) + '[-/\u2013\u2014\u2015]';
        last = m.index! + 1;
      }
      src += escapeRe(p.slice(last));
    } else src += escapeRe(p);
  }
  const start = anchor === 'exact' || anchor === 'prefix' ? '^' : '';
  const end = anchor === 'exact' || anchor === 'suffix' ? '$' : '';
  return new RegExp(`${start}${src}${end}`, mods.includes('cased') ? '' : 'i');
}

function ipv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b.flatMap((x) => [...Array(8)].map((_, i) => (x >> (7 - i)) & 1)) : null;
}

function ipv6(s: string): number[] | null {
  if (!/^[0-9a-f:]+$/i.test(s) || (s.match(/::/g) ?? []).length > 1) return null;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, null];
  const h = head ? head.split(':') : [];
  const t = tail === null ? [] : tail ? tail.split(':') : [];
  const groups = tail === null ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return groups.flatMap((g) => [...Array(16)].map((_, i) => (parseInt(g, 16) >> (15 - i)) & 1));
}

function inCidr(addr: string, cidr: string): Tri {
  const [net, len] = cidr.split('/');
  const n = ipv4(net!) ?? ipv6(net!);
  const a = n && n.length === 32 ? ipv4(addr) : ipv6(addr);
  if (!n) return null;
  if (!a) return false;
  const bits = len === undefined ? n.length : Number(len);
  for (let i = 0; i < bits; i++) if (a[i] !== n[i]) return false;
  return true;
}

/** Does one value of the field (or of any field, for a keyword) meet the item's value `v`? */
function valueTest(item: FieldItem, v: Scalar, fields: FieldMap): ((s: string) => Tri) | Tri {
  const mods = item.mods;
  if (mods.includes('expand')) return null;
  if (mods.includes('re')) {
    try {
      let src = String(v);
      let flags = ['i', 'm', 's'].filter((f) => mods.includes(f)).join('');
      const lead = /^\(\?([ims]+)\)/.exec(src);
      if (lead) {
        flags += lead[1];
        src = src.slice(lead[0].length);
      }
      const re = new RegExp(src.replace(/\(\?P</g, '(?<'), [...new Set(flags)].join(''));
      return (s) => re.test(s);
    } catch {
      return null;
    }
  }
  if (mods.includes('cidr')) return (s) => inCidr(s, String(v));
  const cmp = mods.find((m) => COMPARE.includes(m));
  if (cmp) {
    const n = Number(v);
    return (s) => {
      const x = s.trim() === '' ? NaN : Number(s);
      if (Number.isNaN(x)) return false;
      return cmp === 'lt' ? x < n : cmp === 'lte' ? x <= n : cmp === 'gt' ? x > n : x >= n;
    };
  }
  if (mods.includes('fieldref')) {
    const other = fields.get(String(v).toLowerCase());
    if (!other) return false;
    const re = stringRegex(other.value, mods, false, true);
    return (s) => re.test(s);
  }
  const enc = mods.find((m) => ENCODING.includes(m)) ?? null;
  const text = String(v);
  if (mods.includes('base64offset') || mods.includes('base64')) {
    const plain = plainOf(text);
    if (plain === null) return null;
    const bytes = encode(plain, enc);
    const offset = mods.includes('base64offset');
    // Decode every base64 run of the value at each alignment: does it hold the bytes?
    return (s) => {
      for (const run of s.match(/[A-Za-z0-9+/]{2,}={0,2}/g) ?? []) {
        if (!offset && (s.includes(bytes.toString('base64')) || Buffer.from(run, 'base64').equals(bytes))) return true;
        if (offset) for (let k = 0; k < 4; k++) if (Buffer.from(run.slice(k), 'base64').includes(bytes)) return true;
      }
      return false;
    };
  }
  if (enc) return null;
  const re = stringRegex(text, mods, item.field === null, typeof v !== 'string');
  return (s) => re.test(s);
}

/** The item on the event: true, false, or null (cannot tell). */
export function evaluateItem(item: FieldItem, fields: FieldMap): Tri {
  const mods = item.mods;
  const entry = item.field === null ? undefined : fields.get(item.field.toLowerCase());
  if (mods.includes('exists')) return (entry !== undefined) === (item.values[0] === true || item.values[0] === 'true');
  const one = (v: Scalar): Tri => {
    if (v === null) return item.field === null ? null : entry === undefined || entry.value === '';
    const t = valueTest(item, v, fields);
    if (t === null || typeof t === 'boolean') return t;
    const vals = item.field === null ? [...fields.values()].map((e) => e.value) : entry ? [entry.value] : [];
    let r: Tri = false;
    for (const s of vals) {
      const x = t(s);
      if (x === true) return true;
      if (x === null) r = null;
    }
    return r;
  };
  if (mods.includes('neq')) {
    if (!entry) return false;
    const eq = item.values.map((v) => one(v));
    return eq.includes(null) ? null : !eq.includes(true);
  }
  const rs = item.values.map(one);
  if (mods.includes('all')) return rs.includes(false) ? false : rs.includes(null) ? null : true;
  return rs.includes(true) ? true : rs.includes(null) ? null : false;
}
