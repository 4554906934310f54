import { describe, expect, it } from 'vitest';
import { parseUtcTime, parseUtcMicroseconds, toMicroseconds, hasZone, utcMicrosecondsMs } from '../../src-main/model/time';
import { normaliseGuid, isGuid } from '../../src-main/model/guid';
import { processJoinKey, compareEvents } from '../../src-main/model/join';
import type { NormalisedEvent } from '../../src-main/model/event';

describe('parseUtcTime', () => {
  it('normalises every accepted spelling of an instant to 7 fractional digits, UTC', () => {
    const cases: Array<[string, string]> = [
      ['2019-05-21 00:35:07.375', '2019-05-21T00:35:07.3750000Z'], // Sysmon UtcTime
      ['2019-05-21T00:35:07.3750000Z', '2019-05-21T00:35:07.3750000Z'], // Event XML
      ['2025-10-25T23:53:11.117530Z', '2025-10-25T23:53:11.1175300Z'], // evtx_dump
      ['2023-02-06 22:07:30.404066', '2023-02-06T22:07:30.4040660Z'], // zircolite
      ['2024-02-13T06:56:24.223Z', '2024-02-13T06:56:24.2230000Z'], // Winlogbeat
      ['2021-01-01T00:30:00+01:00', '2020-12-31T23:30:00.0000000Z'],
      ['2021-01-01T00:30:00.5-0230', '2021-01-01T03:00:00.5000000Z'],
      ['2016-07-08T18:13:00Z', '2016-07-08T18:13:00.0000000Z'],
      ['2016-07-08T18:13:00.123456789Z', '2016-07-08T18:13:00.1234567Z'],
    ];
    for (const [input, iso] of cases) expect(parseUtcTime(input)?.iso, input).toBe(iso);
    expect(parseUtcTime('2019-05-21 00:35:07.375')!.ms).toBe(Date.UTC(2019, 4, 21, 0, 35, 7, 375));
  });
  it('rejects what is not an instant', () => {
    for (const bad of ['', 'yesterday', '2019-02-30 00:00:00', '2019-13-01T00:00:00Z', '2019-05-21', '2019-05-21 25:00:00', '2019-05-21T00:00:00 PST']) expect(parseUtcTime(bad), bad).toBeNull();
    expect(parseUtcTime(null)).toBeNull();
    expect([hasZone('2021-01-01T00:00:00Z'), hasZone('2021-01-01 00:00:00')]).toEqual([true, false]);
  });
  it('reads the plain forms (no offset) exactly as the general parser reads them with +00:00', () => {
    // An explicit +00:00 offset always takes the general (regular expression) path; the same
    // instant without it takes the fast path for the plain forms. Both must agree, also on
    // impossible dates, leap days, leap seconds, years before 1000 and over-long fractions.
    let x = 0x9e3779b9;
    const rnd = (n: number) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % n; };
    const p = (v: number, w = 2) => String(v).padStart(w, '0');
    let plain = 0;
    for (let k = 0; k < 20_000; k++) {
      const year = [1601, 1900, 2000, 2024, 2100, 999, 9999, 1000][rnd(8)]! + (rnd(3) === 0 ? rnd(50) : 0);
      const date = `${p(year, 4)}-${p(rnd(14))}-${p(rnd(33))}`;
      const time = `${p(rnd(25))}:${p(rnd(61))}:${p(rnd(62))}`;
      const frac = ['', '.', `.${p(rnd(1000), 3)}`, `.${p(rnd(10_000_000), 7)}`, `.${p(rnd(1_000_000_000), 9)}`, `.${p(rnd(10_000_000_000), 10)}`][rnd(6)]!;
      const body = `${date}${rnd(2) ? 'T' : ' '}${time}${frac}`;
      const viaOffset = parseUtcTime(`${body}+00:00`);
      for (const text of [body, `${body}Z`]) {
        const got = parseUtcTime(text);
        expect(got, text).toEqual(viaOffset);
        if (got !== null) plain++;
      }
    }
    expect(plain).toBeGreaterThan(5_000); // the sample holds plenty of valid instants
    expect(parseUtcTime('2024-02-29T23:59:59.9999999Z')).toEqual({ iso: '2024-02-29T23:59:59.9999999Z', ms: Date.UTC(2024, 1, 29, 23, 59, 59, 999) });
    expect(parseUtcTime('2023-02-29T00:00:00Z')).toBeNull();
  });

  it('counts days as Date.UTC does: every day of 1599-2101, and the first and last of every month of 1000-9999', () => {
    const p = (v: number, w = 2) => String(v).padStart(w, '0');
    const check = (y: number, m: number, d: number) => {
      const got = parseUtcTime(`${p(y, 4)}-${p(m)}-${p(d)}T12:34:56.7890000Z`);
      if (got?.ms !== Date.UTC(y, m - 1, d, 12, 34, 56, 789)) expect(got?.ms, `${y}-${m}-${d}`).toBe(Date.UTC(y, m - 1, d, 12, 34, 56, 789));
    };
    const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
    for (let y = 1599; y <= 2101; y++) for (let m = 1; m <= 12; m++) for (let d = 1; d <= last(y, m); d++) check(y, m, d);
    for (let y = 1000; y <= 9999; y++) for (let m = 1; m <= 12; m++) { check(y, m, 1); check(y, m, last(y, m)); }
  });
});

describe('parseUtcMicroseconds', () => {
  it('equals toMicroseconds(parseUtcTime(x)) on random, odd and hostile spellings', () => {
    let x = 0x2545f491;
    const rnd = (n: number) => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) % n; };
    const p = (v: number, w = 2) => String(v).padStart(w, '0');
    const texts: string[] = [
      '2019-05-21T00:35:07.3750001Z', '2019-05-21T00:35:07.3750000Z', '2019-05-21 00:35:07.375', '2019-05-21T00:35:07.3750009',
      '2019-05-21T00:35:07.123456789Z', '2019-05-21T00:35:07Z', '2019-05-21T00:35:07.Z', '2019-05-21T00:35:07.1234567+00:00',
      '2019-05-21T00:35:07.1234567-0130', ' 2019-05-21T00:35:07.1234567Z ', '2019-05-21T00:35:07.1234567z', '2019-05-21T00:35:60.1234567Z',
      '2019-05-21T00:35:07.12345', '2019-05-21T00:35:0', '2019-05-21T00:35:07.1234567ZZ', '', '2019-05-21T00:35:07.' + '9'.repeat(100_000) + 'Z',
      '0999-12-31T23:59:59.9999999Z', '2024-02-29T23:59:59.9999999Z', '2023-02-29T00:00:00Z', '2019-05-21T00:35:07,1234567Z',
    ];
    for (let k = 0; k < 20_000; k++) {
      const date = `${p([999, 1601, 2000, 2024, 2100, 9999][rnd(6)]!, 4)}-${p(rnd(14))}-${p(rnd(33))}`;
      const time = `${p(rnd(25))}:${p(rnd(61))}:${p(rnd(62))}`;
      const frac = ['', '.', `.${p(rnd(1000), 3)}`, `.${p(rnd(1_000_000), 6)}`, `.${p(rnd(10_000_000), 7)}`, `.${p(rnd(1_000_000_000), 9)}`][rnd(6)]!;
      const zone = ['', 'Z', '+00:00', '-05:30', 'z', ' Z'][rnd(6)]!;
      texts.push(`${date}${rnd(2) ? 'T' : ' '}${time}${frac}${zone}`);
    }
    let valid = 0;
    for (const t of texts) {
      const want = toMicroseconds(parseUtcTime(t));
      expect(parseUtcMicroseconds(t), t.slice(0, 60)).toEqual(want);
      expect(utcMicrosecondsMs(t), t.slice(0, 60)).toBe(want?.ms ?? null);
      if (want !== null) { valid++; expect(want.iso.charCodeAt(26), t).toBe(48); }
    }
    expect(valid).toBeGreaterThan(5_000);
    expect([parseUtcMicroseconds(null), parseUtcMicroseconds(undefined)]).toEqual([null, null]);
    expect([utcMicrosecondsMs(null), utcMicrosecondsMs(undefined), utcMicrosecondsMs(1_600_000_000_000)]).toEqual([null, null, null]);
  });
});

describe('remembered times', () => {
  it('give the same results repeated or interleaved (the last two texts read are remembered)', () => {
    const texts = ['2019-05-21T00:35:07.3750001Z', '2019-05-21 00:35:07.375', '2019-05-21T00:35:07.3750001Z'.slice(0), '2020-09-17T21:45:42.739Z',
      '2021-01-01T00:30:00+01:00', 'not a time', '', '2019-02-30 00:00:00', '2019-05-21T00:35:07.' + '9'.repeat(100) + 'Z', ' 2019-05-21T00:35:07.1Z '];
    let fresh = 0;
    /** Reads two texts not read before, so the next read of a text is not a remembered one. */
    const forget = () => { for (let k = 0; k < 2; k++) { fresh++; parseUtcTime(`1999-01-01T00:00:${String(fresh % 60).padStart(2, '0')}.${fresh}Z`); parseUtcMicroseconds(`1999-01-01T00:00:00.${fresh}Z`); } };
    const expected = texts.map((t) => { forget(); const a = parseUtcTime(t); forget(); return [a, parseUtcMicroseconds(t)]; });
    expect(expected.filter(([a]) => a !== null).length).toBe(6);
    let x = 99;
    for (let k = 0; k < 3_000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const i = (x >>> 8) % texts.length;
      const copy = ` ${texts[i]!}`.slice(1); // the same text in another string
      expect(parseUtcTime(k % 2 ? copy : texts[i]), texts[i]).toEqual(expected[i]![0]);
      expect(parseUtcMicroseconds(k % 3 ? copy : texts[i]), texts[i]).toEqual(expected[i]![1]);
    }
  });
});

describe('GUIDs and the join key', () => {
  it('normalises case and braces', () => {
    for (const g of ['{d273d0f0-d927-5f63-6d05-000000000400}', 'D273D0F0-D927-5F63-6D05-000000000400', ' {D273D0F0-D927-5F63-6D05-000000000400} ']) {
      expect(normaliseGuid(g)).toBe('{D273D0F0-D927-5F63-6D05-000000000400}');
    }
    expect([normaliseGuid('not-a-guid'), normaliseGuid(null), normaliseGuid(42), isGuid('{x}')]).toEqual([null, null, null, false]);
  });
  it('returns an already canonical GUID as it is, and agrees with the general path on near-misses', () => {
    const hex = '0123456789abcdefABCDEFgG-{} ';
    let x = 12345;
    const rnd = (n: number) => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 8) % n; };
    for (let k = 0; k < 5_000; k++) {
      const chars = [...'{D273D0F0-D927-5F63-6D05-000000000400}'];
      for (let m = rnd(3); m > 0; m--) chars[rnd(chars.length)] = hex[rnd(hex.length)]!; // 0–2 random changes
      const g = chars.join('');
      // A leading space skips the canonical check: the general (regular expression) path decides.
      expect(normaliseGuid(g), g).toBe(normaliseGuid(` ${g}`));
    }
    const canonical = '{ABCDEF01-2345-6789-ABCD-EF0123456789}';
    expect(normaliseGuid(canonical)).toBe(canonical);
  });
  it('gives the same result repeated or interleaved (the last result is remembered)', () => {
    const ref = (t: string) => { const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(t.trim()); return m ? `{${m[1]!.toUpperCase()}}` : null; };
    const texts = ['{d273d0f0-d927-5f63-6d05-000000000400}', '{D273D0F0-D927-5F63-6D05-000000000400}', 'not-a-guid', '', ' d273d0f0-d927-5f63-6d05-000000000400 ',
      '{D273D0F0-D927-5F63-6D05-00000000040}', 'x'.repeat(100_000), `{${'D273D0F0-D927-5F63-6D05-000000000400'}}`.toLowerCase()];
    let x = 7;
    for (let k = 0; k < 2_000; k++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const t = texts[(x >>> 8) % texts.length]!;
      expect(normaliseGuid(t), t.slice(0, 50)).toBe(ref(t));
      expect(normaliseGuid(t), t.slice(0, 50)).toBe(ref(t));
    }
    expect([normaliseGuid(null), normaliseGuid(42)]).toEqual([null, null]);
  });
  it('joins on (dest, guid), never the GUID alone', () => {
    const g = '{d273d0f0-d927-5f63-6d05-000000000400}';
    expect(processJoinKey('HOST', g)).toBe(processJoinKey('host', g.toUpperCase()));
    expect(processJoinKey('HOST-A', g)).not.toBe(processJoinKey('HOST-B', g));
    expect([processJoinKey(null, g), processJoinKey('h', null), processJoinKey('h', 'bad')]).toEqual([null, null, null]);
  });
  it('orders by time, then dest, then record id; timeless last', () => {
    const ev = (time: string | null, dest: string, rec: number) => ({ time, dest, record_id: rec }) as NormalisedEvent;
    const list = [ev(null, 'a', 1), ev('2020-01-01T00:00:01.0000000Z', 'b', 5), ev('2020-01-01T00:00:01.0000000Z', 'a', 9), ev('2020-01-01T00:00:00.9990000Z', 'z', 1), ev('2020-01-01T00:00:01.0000000Z', 'a', 2)];
    expect(list.sort(compareEvents).map((e) => `${e.dest}${e.record_id}`)).toEqual(['z1', 'a2', 'a9', 'b5', 'a1']);
  });
});
