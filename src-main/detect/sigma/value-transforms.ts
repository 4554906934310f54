/**
 * The Sigma value-transforming modifiers (specification 2.x, "Modifiers"; pySigma's
 * `modifiers.py` for the exact forms), applied left to right as written in the rule:
 * `contains`/`startswith`/`endswith` add wildcards; `wide`/`utf16le`/`utf16be`/`utf16` encode the
 * text as UTF-16 (kept as a byte string for a following `base64`/`base64offset`); `base64` and
 * `base64offset` (the three shifted encodings) encode it; `windash` lets a dash that starts a
 * command-line option (`\B[-/]\b`) be any of `-`, `/`, en dash, em dash, horizontal bar.
 * A value may expand into several alternatives (any of them matches).
 */
import { SigmaRuleError } from './errors';
import { hasSpecial, plainText, wrapContains, wrapEnd, wrapStart } from './sigma-string';
import type { SigmaString } from './sigma-string';

/** A value in the making: its alternatives; `bytes` when the literal text is a byte string (after UTF-16). */
export interface ValueAlternatives {
  alts: SigmaString[];
  bytes: boolean;
}

const WINDASH_CHARS = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** More alternatives than this from one value is a rule error, not a memory spike. */
const MAX_ALTERNATIVES = 4096;

export const TRANSFORM_MODIFIERS = new Set(['contains', 'startswith', 'endswith', 'wide', 'utf16le', 'utf16be', 'utf16', 'base64', 'base64offset', 'windash']);

function utf8Bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function utf16(s: string, order: 'le' | 'be', bom: boolean): string {
  let out = bom ? '\xff\xfe' : '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += order === 'le' ? String.fromCharCode(c & 0xff, c >> 8) : String.fromCharCode(c >> 8, c & 0xff);
  }
  return out;
}

function b64(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('base64');
}

/** pySigma's base64offset: the value at offsets 0, 1, 2 of a base64 stream, cut to the stable characters. */
function base64Offsets(bytes: string): string[] {
  const startOffsets = [0, 2, 3];
  const endOffsets = [0, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const enc = b64(' '.repeat(i) + bytes);
    const end = endOffsets[(bytes.length + i) % 3]!;
    out.push(enc.slice(startOffsets[i]!, end === 0 ? undefined : end));
  }
  return out;
}

/** Expands `oneOf` parts into plain alternatives (needed before encoding), bounded. */
function expandOneOf(s: SigmaString): SigmaString[] {
  let acc: SigmaString[] = [[]];
  for (const p of s) {
    if (typeof p !== 'string' && 'oneOf' in p) {
      if (acc.length * p.oneOf.length > MAX_ALTERNATIVES) throw new SigmaRuleError('too-complex', `more than ${MAX_ALTERNATIVES} alternatives from one value`);
      acc = acc.flatMap((a) => p.oneOf.map((c) => [...a, c]));
    } else acc = acc.map((a) => [...a, p]);
  }
  return acc;
}

function plainOnly(s: SigmaString, modifier: string): string {
  if (hasSpecial(s)) throw new SigmaRuleError('unsupported-modifier', `${modifier} of a value with wildcards`);
  return plainText(s);
}

function windash(s: SigmaString): SigmaString {
  const out: SigmaString = [];
  for (const p of s) {
    if (typeof p !== 'string') {
      out.push(p);
      continue;
    }
    let last = 0;
    const re = /\B[-/]\b/g;
    for (let m = re.exec(p); m; m = re.exec(p)) {
      if (m.index > last) out.push(p.slice(last, m.index));
      out.push({ oneOf: WINDASH_CHARS });
      last = m.index + 1;
    }
    if (last < p.length) out.push(p.slice(last));
  }
  return out;
}

/**
 * Every alternative through `f`, one for one (the modifiers that neither expand `oneOf` parts nor
 * make several encodings: all but `base64`/`base64offset`). Indexed, with no closure or array per
 * alternative: a keyword list's values are each `contains`-wrapped (SigmaHQ's keyword rules list
 * up to hundreds), mostly while that code is cold, where `flatMap` twice per value cost a first
 * matching pass of the shared corpus ~35 ms of profiled time.
 */
function mapAlts(v: ValueAlternatives, f: (s: SigmaString) => SigmaString, bytes: boolean): ValueAlternatives {
  const src = v.alts;
  if (src.length > MAX_ALTERNATIVES) throw new SigmaRuleError('too-complex', `more than ${MAX_ALTERNATIVES} alternatives from one value`);
  const alts: SigmaString[] = [];
  for (let i = 0; i < src.length; i++) alts.push(f(src[i]!));
  return { alts, bytes };
}

/** Applies one transforming modifier to every alternative. */
export function applyTransform(v: ValueAlternatives, modifier: string): ValueAlternatives {
  switch (modifier) {
    case 'contains':
      return mapAlts(v, wrapContains, v.bytes);
    case 'startswith':
      return mapAlts(v, wrapEnd, v.bytes);
    case 'endswith':
      return mapAlts(v, wrapStart, v.bytes);
    case 'windash':
      return mapAlts(v, windash, v.bytes);
    default:
      return encode(v, modifier);
  }
}

/** applyTransform's encoding modifiers (UTF-16 and base64 forms). */
function encode(v: ValueAlternatives, modifier: string): ValueAlternatives {
  const each = (f: (s: SigmaString) => SigmaString[], bytes = v.bytes): ValueAlternatives => {
    const alts = v.alts.flatMap((s) => (s.some((p) => typeof p !== 'string' && 'oneOf' in p) && modifier.startsWith('base64') ? expandOneOf(s) : [s]).flatMap(f));
    if (alts.length > MAX_ALTERNATIVES) throw new SigmaRuleError('too-complex', `more than ${MAX_ALTERNATIVES} alternatives from one value`);
    return { alts, bytes };
  };
  switch (modifier) {
    case 'wide':
    case 'utf16le':
      return each((s) => [[utf16(plainOnly(s, modifier), 'le', false)]], true);
    case 'utf16be':
      return each((s) => [[utf16(plainOnly(s, modifier), 'be', false)]], true);
    case 'utf16':
      return each((s) => [[utf16(plainOnly(s, modifier), 'le', true)]], true);
    case 'base64':
      return each((s) => [[b64(v.bytes ? plainOnly(s, modifier) : utf8Bytes(plainOnly(s, modifier)))]], false);
    case 'base64offset':
      return each((s) => base64Offsets(v.bytes ? plainOnly(s, modifier) : utf8Bytes(plainOnly(s, modifier))).map((x) => [x]), false);
    default:
      throw new SigmaRuleError('unsupported-modifier', `unknown modifier ${modifier}`);
  }
}
