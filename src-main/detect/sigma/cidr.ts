/**
 * The `cidr` modifier: the field holds an IPv4 or IPv6 address inside the given network
 * (`10.0.0.0/8`, `fe80::/10`). IPv4-mapped IPv6 values (`::ffff:10.1.2.3`) are compared as IPv4.
 */
import { SigmaRuleError } from './errors';
import type { StringTest } from './string-matcher';

function ipv4(s: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (!m) return null;
  const b = m.slice(1).map(Number);
  return b.every((x) => x <= 255) ? b : null;
}

/** An IPv6 address as 16 bytes (zone ids dropped), or null. */
function ipv6(s: string): number[] | null {
  let t = s.replace(/%.*$/, '');
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  if (!t.includes(':') || !/^[0-9a-fA-F:.]+$/.test(t)) return null;
  let tail: number[] = [];
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const b = ipv4(v4[1]!);
    if (!b) return null;
    tail = b;
    t = t.slice(0, v4.index + 1) + '0:0';
  }
  const halves = t.split('::');
  if (halves.length > 2) return null;
  const part = (h: string): number[] | null => {
    if (h === '') return [];
    const groups = h.split(':');
    if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return null;
    return groups.map((g) => parseInt(g, 16));
  };
  const head = part(halves[0]!);
  const rest = halves.length === 2 ? part(halves[1]!) : [];
  if (!head || !rest) return null;
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  const bytes = groups.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

/**
 * Addresses read, by text: rules list many networks, each tested on the same event values, and
 * the events of a host repeat a few addresses. Bounded (the values come from the evidence):
 * emptied when full.
 */
const readIps = new Map<string, readonly number[] | null>();
const MAX_READ_IPS = 4096;
/** Longer texts are no address: not kept. */
const MAX_IP_TEXT = 64;

/** An address as bytes: 4 for IPv4 (also IPv4-mapped IPv6), 16 for IPv6 (read-only: it may be shared). */
export function ipBytes(s: string): readonly number[] | null {
  const known = readIps.get(s);
  if (known !== undefined) return known;
  const b = readIp(s);
  if (s.length <= MAX_IP_TEXT) {
    if (readIps.size >= MAX_READ_IPS) readIps.clear();
    readIps.set(s, b);
  }
  return b;
}

function readIp(s: string): number[] | null {
  const t = s.trim();
  const v4 = ipv4(t);
  if (v4) return v4;
  const v6 = ipv6(t);
  if (v6 && v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12);
  return v6;
}

export function cidrTest(cidr: string, where: string): StringTest {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(cidr.trim());
  const net = m ? ipBytes(m[1]!) : null;
  if (!m || !net) throw new SigmaRuleError('schema', `${where}: invalid cidr ${cidr}`);
  const bits = m[2] === undefined ? net.length * 8 : Number(m[2]);
  if (bits > net.length * 8) throw new SigmaRuleError('schema', `${where}: invalid prefix length in ${cidr}`);
  return (value) => {
    const ip = ipBytes(value);
    if (!ip || ip.length !== net.length) return false;
    let left = bits;
    for (let i = 0; left > 0; i++, left -= 8) {
      const mask = left >= 8 ? 0xff : (0xff << (8 - left)) & 0xff;
      if ((ip[i]! & mask) !== (net[i]! & mask)) return false;
    }
    return true;
  };
}
