/** The Sigma `cidr` modifier (detect/sigma/cidr.ts): IPv4, IPv6, IPv4-mapped IPv6, and refused networks. */
import { describe, expect, it } from 'vitest';
import { cidrTest, ipBytes } from '../../../src-main/detect/sigma/cidr';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';

describe('ipBytes', () => {
  it('reads IPv4 as 4 bytes and IPv6 as 16 (compressed, bracketed, zone id, embedded IPv4)', () => {
    expect(ipBytes('10.1.2.3')).toEqual([10, 1, 2, 3]);
    expect(ipBytes(' 192.168.0.1 ')).toEqual([192, 168, 0, 1]);
    expect(ipBytes('fe80::1%eth0')).toEqual([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(ipBytes('[::1]')).toEqual([...new Array(15).fill(0), 1]);
    expect(ipBytes('64:ff9b::10.0.0.1')).toEqual([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 1]);
  });

  it('reads IPv4-mapped IPv6 as IPv4', () => {
    expect(ipBytes('::ffff:10.1.2.3')).toEqual([10, 1, 2, 3]);
  });

  it('gives null for what is not an address', () => {
    for (const s of ['256.1.1.1', '1.2.3', 'host.example', '1::2::3', '1:2:3:4:5:6:7', '12345::', 'ipconfig /all', '', '::ffff:300.1.1.1']) {
      expect(ipBytes(s), s).toBeNull();
    }
  });
});

describe('ipBytes, read again', () => {
  it('gives the same answers however often and in whatever order texts come, past its cache bound', () => {
    const texts = ['10.1.2.3', 'fe80::1', 'not an ip', '::ffff:10.1.2.3'];
    const want = texts.map((t) => ipBytes(t));
    for (let i = 0; i < 5000; i++) expect(ipBytes(`10.${(i >> 8) & 255}.${i & 255}.1`)).toEqual([10, (i >> 8) & 255, i & 255, 1]);
    for (let r = 0; r < 3; r++) texts.forEach((t, i) => expect(ipBytes(t), t).toEqual(want[i]));
    expect(ipBytes('x'.repeat(100))).toBeNull();
  });
});

describe('cidrTest', () => {
  it('tests an IPv4 network, whole and partial bytes of the prefix', () => {
    const ten = cidrTest('10.0.0.0/8', 't');
    expect(ten('10.200.1.1')).toBe(true);
    expect(ten('11.0.0.1')).toBe(false);
    const odd = cidrTest('192.168.4.0/22', 't');
    expect(odd('192.168.7.255')).toBe(true);
    expect(odd('192.168.8.0')).toBe(false);
    expect(cidrTest('0.0.0.0/0', 't')('8.8.8.8')).toBe(true);
  });

  it('a network without a prefix is one address; IPv4 and IPv6 never match each other', () => {
    const one = cidrTest('10.1.2.3', 't');
    expect(one('10.1.2.3')).toBe(true);
    expect(one('10.1.2.4')).toBe(false);
    expect(cidrTest('::/0', 't')('10.1.2.3')).toBe(false);
    expect(cidrTest('10.0.0.0/8', 't')('fe80::1')).toBe(false);
    expect(cidrTest('10.0.0.0/8', 't')('::ffff:10.9.9.9')).toBe(true);
  });

  it('tests an IPv6 network', () => {
    const ll = cidrTest('fe80::/10', 't');
    expect(ll('fe80::1234')).toBe(true);
    expect(ll('febf::1')).toBe(true);
    expect(ll('fec0::1')).toBe(false);
    expect(ll('not an ip')).toBe(false);
  });

  it('refuses a network that is not one, or a prefix longer than the address, naming where', () => {
    expect(() => cidrTest('10.0.0.0/33', 'rule x')).toThrow(SigmaRuleError);
    expect(() => cidrTest('10.0.0.0/33', 'rule x')).toThrow(/rule x: invalid prefix length/);
    expect(() => cidrTest('fe80::/129', 't')).toThrow(/invalid prefix length/);
    expect(() => cidrTest('nonsense/8', 't')).toThrow(/invalid cidr/);
    expect(() => cidrTest('10.0.0.0/x', 't')).toThrow(/invalid cidr/);
  });
});
