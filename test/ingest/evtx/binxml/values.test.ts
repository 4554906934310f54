/** Unit tests for BinXML: tokens, names, templates, every value type (and arrays), rendering. */
import { describe, expect, it } from 'vitest';
import { parseChunk } from '../../../../src-main/ingest/evtx/index';
import { formatFiletime } from '../../../../src-main/ingest/evtx/binxml/format';
import { newChunkContext } from '../../../../src-main/ingest/evtx/binxml/context';
import { decodeValue } from '../../../../src-main/ingest/evtx/binxml/values';
import type { EventValue } from '../../../../src-main/model/raw-event';
import { instantMs, parseUtcTime, toMicroseconds, utcMicrosecondsIso, utcMicrosecondsMs } from '../../../../src-main/model/time';
import { chunk, eventTemplate, record, V, W } from '../build';
import type { Val } from '../build';

/** Decodes one value through the real parser path (a template with `<Data>%0</Data>`). */
function viaTemplate(v: Val): EventValue {
  const c = chunk({
    records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline((t) => {
      t.fragmentHeader().open('Event').closeStart().open('EventData').closeStart()
        .open('Data', true).attr('Name').text('V').closeStart().subst(0, v.type).end().end().end().eof();
    }, [v]).eof())],
  });
  const r = parseChunk(c, 0);
  expect(r.errors).toEqual([]);
  return r.records[0]!.EventData!['V']!;
}

function decode(type: number, bytes: number[]) {
  const buf = new Uint8Array(1024);
  buf.set(bytes, 600);
  return decodeValue(newChunkContext(buf, 0), 600, bytes.length, type, 0);
}

describe('value types', () => {
  it('strings: UTF-16 (trailing NULs dropped), ANSI windows-1252', () => {
    expect(viaTemplate(V.str('héllo\u0000'))).toBe('héllo');
    expect(viaTemplate(V.ansi([0x41, 0x80, 0xe9, 0]))).toBe('A€é');
    expect(decode(0x01, [])).toBe('');
  });
  it('keeps control characters and line ends verbatim', () => {
    expect(viaTemplate(V.str('a\r\n\tb\u0003'))).toBe('a\r\n\tb\u0003');
  });
  it('decodes a lone surrogate to U+FFFD and keeps the next character', () => {
    expect(viaTemplate({ type: 0x01, bytes: [0x00, 0xd8, 0x1f, 0x5a, 0x52, 0x01] })).toBe('\ufffd\u5a1f\u0152');
  });
  it('signed and unsigned integers of 8–64 bits', () => {
    expect(decode(0x03, [0xff])).toBe(-1);
    expect(decode(0x04, [0xff])).toBe(255);
    expect(decode(0x05, [0xfe, 0xff])).toBe(-2);
    expect(decode(0x06, [0xfe, 0xff])).toBe(65534);
    expect(decode(0x07, [0xff, 0xff, 0xff, 0xff])).toBe(-1);
    expect(decode(0x08, [0xff, 0xff, 0xff, 0xff])).toBe(4294967295);
    expect(decode(0x09, [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(-2);
    expect(decode(0x0a, new W().u64(2n ** 53n - 1n).b)).toBe(2 ** 53 - 1);
    // beyond 2^53: decimal strings, exact
    expect(decode(0x0a, new W().u64(2n ** 64n - 1n).b)).toBe('18446744073709551615');
    expect(decode(0x09, new W().u64(2n ** 63n).b)).toBe('-9223372036854775808');
  });
  it('reals, with non-finite values as strings', () => {
    expect(decode(0x0b, [0x00, 0x00, 0xc0, 0x3f])).toBe(1.5);
    expect(decode(0x0c, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])).toBe(1.5);
    expect(decode(0x0c, [0, 0, 0, 0, 0, 0, 0xf0, 0x7f])).toBe('Infinity');
  });
  it('booleans are 32-bit; any non-zero is true', () => {
    expect(decode(0x0d, [0, 0, 0, 0])).toBe(false);
    expect(decode(0x0d, [1, 0, 0, 0])).toBe(true);
    expect(decode(0x0d, [2, 0, 0, 0])).toBe(true);
  });
  it('binary as upper-case hex; EvtHandle kept as hex bytes', () => {
    expect(decode(0x0e, [0xde, 0xad, 0x0b])).toBe('DEAD0B');
    expect(decode(0x20, [1, 2])).toBe('0102');
  });
  it('GUID: mixed-endian, braced, upper case', () => {
    const g = [0x25, 0x96, 0x84, 0x54, 0x78, 0x54, 0x94, 0x49, 0xa5, 0xba, 0x3e, 0x3b, 0x03, 0x28, 0xc3, 0x0d];
    expect(decode(0x0f, g)).toBe('{54849625-5478-4994-A5BA-3E3B0328C30D}');
  });
  it('SizeT (4 or 8 bytes) and hex ints as 0x… without padding', () => {
    expect(decode(0x10, [0x10, 0, 0, 0])).toBe('0x10');
    expect(decode(0x10, [0, 0, 0, 0, 1, 0, 0, 0])).toBe('0x100000000');
    expect(decode(0x14, [0xe7, 0x03, 0, 0])).toBe('0x3e7');
    expect(decode(0x15, [0, 0, 0, 0, 0, 0, 0, 0x80])).toBe('0x8000000000000000');
    expect(decode(0x15, [0, 0, 0, 0, 0, 0, 0, 0])).toBe('0x0');
    expect(decode(0x14, [0x0f, 0, 0, 0])).toBe('0xf');
    expect(decode(0x14, [0, 0x10, 0, 0])).toBe('0x1000');
    expect(decode(0x15, [1, 0, 0, 0, 1, 0, 0, 0])).toBe('0x100000001');
    // Against BigInt on seeded random values of every magnitude.
    let x = 0x2545f491;
    for (let n = 0; n < 2000; n++) {
      const bytes = Array.from({ length: 8 }, () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x & 0xff; });
      for (let k = n % 8; k < 8; k++) bytes[k] = 0; // leading zero bytes of every count
      const big = bytes.reduceRight((v, byte) => (v << 8n) | BigInt(byte), 0n);
      expect(decode(0x15, bytes)).toBe('0x' + big.toString(16));
      expect(decode(0x14, bytes.slice(0, 4))).toBe('0x' + (big & 0xffffffffn).toString(16));
    }
  });
  it('FILETIME with full 100 ns precision (integer arithmetic)', () => {
    expect(decode(0x11, new W().u64(0x01d8dda76a51dd6en).b)).toBe('2022-10-11T19:26:52.0456558Z');
    expect(formatFiletime(0, 0)).toBe('1601-01-01T00:00:00.0000000Z');
    expect(formatFiletime(0xffffffff, 0x7fffffff)).toMatch(/^\+?0?30828-09-14T02:48:05\.4775807Z$/);
  });
  it('FILETIME: the per-day and per-second prefix caches give what Date gives, across days, seconds and the whole u64 range', () => {
    const viaDate = (t: bigint) => {
      const sec = t / 10_000_000n - 11_644_473_600n;
      return new Date(Number(sec) * 1000).toISOString().slice(0, -5) + '.' + String(t % 10_000_000n).padStart(7, '0') + 'Z';
    };
    let x = 0x2545f491;
    const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
    const base = 0x01d8dda76a51dd6en; // 2022-10-11
    for (let i = 0; i < 4000; i++) {
      // runs inside one day, then jumps across days, midnight and the full range (incl. hi ≥ 2^29)
      const t = i % 4 === 3 ? (BigInt(rnd()) << 32n) | BigInt(rnd())
        : i % 4 === 2 ? base + BigInt(rnd() % 86_400) * 10_000_000n - 864_000_000_000n * BigInt(i % 7)
          : base + BigInt(rnd() % 864_000_000_000);
      expect(formatFiletime(Number(t & 0xffffffffn), Number(t >> 32n))).toBe(viaDate(t));
    }
    // bursts inside one second and its neighbours (the per-second cache's hits and changes)
    for (let i = 0; i < 2000; i++) {
      const t = base + BigInt(rnd() % 30_000_000);
      expect(formatFiletime(Number(t & 0xffffffffn), Number(t >> 32n))).toBe(viaDate(t));
    }
  });
  it('FILETIME: the instant it notes for the time readers is the one they read from its text, over the whole u64 range', () => {
    let x = 0x9e3779b9;
    const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return x >>> 0; };
    const ticks = (year: number) => (BigInt(Date.UTC(year, 0, 1)) + 11_644_473_600_000n) * 10_000n;
    // FILETIMEs start in 1601; past 9999 the year has more digits
    const edges = [0n, 9_999n, ticks(1970) - 1n, ticks(1970), ticks(9999), ticks(10000) - 1n, ticks(10000), (1n << 64n) - 1n];
    let noted = 0;
    for (let i = 0; i < 6000; i++) {
      const t = i < edges.length ? edges[i]! : i % 3 === 0 ? (BigInt(rnd()) << 32n) | BigInt(rnd()) : ticks(1990) + BigInt(rnd()) * BigInt(rnd() % 50_000);
      const text = formatFiletime(Number(t & 0xffffffffn), Number(t >> 32n));
      // a copy (another string, the same characters) and the text itself: both the noted instant
      const copy = ` ${text}`.slice(1);
      const want = toMicroseconds(parseUtcTime(copy));
      expect(utcMicrosecondsMs(text), text).toBe(want?.ms ?? null);
      expect(utcMicrosecondsIso(copy), text).toBe(want?.iso ?? null);
      if (want !== null) { noted++; expect(instantMs[0], text).toBe(want.ms); }
    }
    expect(noted).toBeGreaterThan(3000);
  });
  it('SYSTEMTIME (ms precision, padded to 7 digits)', () => {
    const st = new W().u16(2019).u16(5).u16(2).u16(21).u16(0).u16(35).u16(7).u16(375).b;
    expect(decode(0x12, st)).toBe('2019-05-21T00:35:07.3750000Z');
  });
  it('SID, including an incomplete one (error)', () => {
    const sid = [1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 0x02, 0, 0];
    expect(decode(0x13, sid)).toBe('S-1-5-32-544');
    expect(decode(0x13, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])).toBe('S-1-5-18');
    expect(() => decode(0x13, [1, 5, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])).toThrow(/incomplete/);
  });
  it('arrays of every fixed-size type and of strings', () => {
    expect(decode(0x81, new W().utf16('a\u0000bc\u0000\u0000d').b)).toEqual(['a', 'bc', '', 'd']);
    expect(decode(0x82, [0x61, 0, 0x62])).toEqual(['a', 'b']);
    expect(decode(0x84, [1, 2, 3])).toEqual([1, 2, 3]);
    expect(decode(0x83, [0xff, 1])).toEqual([-1, 1]);
    expect(decode(0x86, [1, 0, 2, 0])).toEqual([1, 2]);
    expect(decode(0x85, [0xff, 0xff])).toEqual([-1]);
    expect(decode(0x88, [1, 0, 0, 0, 2, 0, 0, 0])).toEqual([1, 2]);
    expect(decode(0x87, [0xff, 0xff, 0xff, 0xff])).toEqual([-1]);
    expect(decode(0x8a, new W().u64(5).u64(6).b)).toEqual([5, 6]);
    expect(decode(0x89, new W().u64(2n ** 64n - 3n).b)).toEqual([-3]);
    expect(decode(0x8b, [0, 0, 0xc0, 0x3f])).toEqual([1.5]);
    expect(decode(0x8c, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])).toEqual([1.5]);
    expect(decode(0x8d, [1, 0, 0, 0, 0, 0, 0, 0])).toEqual([true, false]);
    expect(decode(0x8f, new Array(32).fill(0))).toEqual(['{00000000-0000-0000-0000-000000000000}', '{00000000-0000-0000-0000-000000000000}']);
    expect(decode(0x90, new W().u64(16).b)).toEqual(['0x10']);
    expect(decode(0x91, new W().u64(0).b)).toEqual(['1601-01-01T00:00:00.0000000Z']);
    expect(decode(0x92, new W().u16(2020).u16(1).u16(0).u16(2).u16(3).u16(4).u16(5).u16(6).b)).toEqual(['2020-01-02T03:04:05.0060000Z']);
    expect(decode(0x93, [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 5, 19, 0, 0, 0])).toEqual(['S-1-5-18', 'S-1-5-19']);
    expect(decode(0x94, [1, 0, 0, 0, 0xff, 0, 0, 0])).toEqual(['0x1', '0xff']);
    expect(decode(0x95, new W().u64(0x10).b)).toEqual(['0x10']);
  });
  it('a named Data with an array value keeps the array; unnamed Data items are split', () => {
    expect(viaTemplate({ type: 0x81, bytes: new W().utf16('x\u0000y\u0000').b })).toEqual(['x', 'y']);
    const c = chunk({
      records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline((t) => {
        t.fragmentHeader().open('Event').closeStart().open('EventData').closeStart()
          .open('Data').closeStart().subst(0, 0x81).end().open('Data').closeStart().subst(1, 0x08).end().end().end().eof();
      }, [{ type: 0x81, bytes: new W().utf16('x\u0000\u0000z').b }, V.u32(9)]).eof())],
    });
    expect(parseChunk(c, 0).records[0]!.EventData).toEqual({ Data: ['x', '', 'z', 9] });
  });
  it('rejects unknown types and values that overrun', () => {
    expect(() => decode(0x7f, [1])).toThrow(/unknown value type/);
    expect(() => decode(0x08, [1, 2])).toThrow(/needs 4 bytes/);
    const ctx = newChunkContext(new Uint8Array(16), 0);
    expect(() => decodeValue(ctx, 10, 10, 0x01, 0)).toThrow(/overruns/);
  });
  it('NULL values and zero-size fixed values are null', () => {
    expect(decode(0x00, [1, 2, 3])).toBeNull();
    expect(decode(0x08, [])).toBeNull();
  });
});

describe('templates and tokens', () => {
  const values = [V.str('Prov'), V.u16(4624), V.filetime(0x01d8dda76a51dd6en), V.str('x'), V.u32(3), V.null(), V.u64(42), V.null()];
  it('renders the System fields and EventData of a template instance', () => {
    const r = parseChunk(chunk({ records: [(at) => record(at, 42, (w) => w.fragmentHeader().templateInline(eventTemplate, values).eof())], firstId: 42, lastId: 42 }), 0);
    expect(r.records[0]).toMatchObject({
      EventRecordID: 42, EventID: 4624, Qualifiers: null, TimeCreated: '2022-10-11T19:26:52.0456558Z',
      Provider: { Name: 'Prov', Guid: null }, Channel: 'Security', Computer: 'HOST', Security: { UserID: null },
      EventData: { A: 'x', B: 3 }, UserData: null,
    });
  });
  it('reuses a definition by offset in later records (cached per chunk)', () => {
    let defOffset = 0;
    const first = (at: number) => record(at, 1, (w) => {
      w.fragmentHeader();
      defOffset = w.pos + 10;
      w.templateInline(eventTemplate, values).eof();
    });
    const second = (at: number) => record(at, 2, (w) => w.fragmentHeader().templateRef(defOffset, [V.str('P2'), V.u16(1), V.filetime(0n), V.str('y'), V.u32(4), V.u16(16384), V.u64(2), V.sid([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0])]).eof());
    const r = parseChunk(chunk({ records: [first, second] }), 0);
    expect(r.errors).toEqual([]);
    expect(r.records[1]).toMatchObject({ Provider: { Name: 'P2' }, EventID: 1, Qualifiers: 16384, Security: { UserID: 'S-1-5-18' }, EventData: { A: 'y', B: 4 } });
  });
  it('keeps what follows a record\'s template instance (read through the token reader, not the one-instance path)', () => {
    const second = (t: W) => { t.fragmentHeader().open('Extra').closeStart().subst(0, 0x01).end().eof(); };
    const rec = (at: number) => record(at, 1, (w) => w.fragmentHeader().templateInline(eventTemplate, values).templateInline(second, [V.str('tail')]).eof());
    const r = parseChunk(chunk({ records: [rec] }), 0, { xml: true });
    expect(r.errors).toEqual([]);
    expect(r.records[0]).toMatchObject({ EventID: 4624, EventData: { A: 'x', B: 3 } });
    expect(r.xml[0]).toMatch(/<\/Event>\n<Extra>tail<\/Extra>$/);
  });
  it('stores Data named __proto__ or constructor as fields, without a suffix (the names come from the evidence)', () => {
    const body = (t: W) => {
      t.fragmentHeader().open('Event').closeStart().open('EventData').closeStart()
        .open('Data', true).attr('Name').text('__proto__').closeStart().subst(0, 0x01).end()
        .open('Data', true).attr('Name').text('constructor').closeStart().subst(1, 0x01).end()
        .open('Data', true).attr('Name').text('constructor').closeStart().subst(1, 0x01).end()
        .end().end().eof();
    };
    const r = parseChunk(chunk({ records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline(body, [V.str('p'), V.str('c')]).eof())] }), 0);
    const ed = r.records[0]!.EventData!;
    expect(Object.getPrototypeOf(ed)).toBe(Object.prototype);
    expect(Object.entries(ed)).toEqual([['__proto__', 'p'], ['constructor', 'c'], ['constructor_1', 'c']]);
  });
  it('omits an element whose only content is a NULL optional substitution (MS-EVEN6, as libevtx)', () => {
    const body = (t: W) => {
      t.fragmentHeader().open('Event').closeStart().open('EventData').closeStart()
        .open('Data', true).attr('Name').text('Gone').closeStart().subst(0, 0x01, true).end()
        .open('Data', true).attr('Name').text('Kept').closeStart().subst(0, 0x01, false).end()
        .open('Binary').closeStart().subst(1, 0x0e, true).end()
        .end().end().eof();
    };
    const r = parseChunk(chunk({ records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline(body, [V.null(), V.null()]).eof())] }), 0, { xml: true });
    expect(r.records[0]!.EventData).toEqual({ Kept: null });
    expect(r.xml[0]).toBe('<Event>\n  <EventData>\n    <Data Name="Kept"/>\n  </EventData>\n</Event>');
  });
  it('omits attributes whose optional substitution is NULL', () => {
    const r = parseChunk(chunk({ records: [(at) => record(at, 1, (w) => w.fragmentHeader().templateInline(eventTemplate, values).eof())] }), 0, { xml: true });
    expect(r.xml[0]).toContain('<Security/>');
    expect(r.xml[0]).toContain('<EventID>4624</EventID>');
  });
  it('reports a template offset outside the chunk and a self-referencing template', () => {
    const outside = (at: number) => record(at, 1, (w) => w.fragmentHeader().templateRef(70000, []).eof());
    expect(parseChunk(chunk({ records: [outside] }), 0).errors[0]!.code).toBe('evtx.binxml.template');
    let self = 0;
    const selfRef = (at: number) => record(at, 1, (w) => {
      w.fragmentHeader();
      self = w.pos + 10;
      w.templateInline((t) => { t.fragmentHeader().u8(0x0c).u8(1).u32(0).u32(self).u32(0).eof(); }, []).eof();
    });
    const r = parseChunk(chunk({ records: [selfRef] }), 0);
    expect(r.recordsFailed).toBe(1);
  });
  it('rejects a value count larger than the remaining bytes without allocating', () => {
    const r = parseChunk(chunk({ records: [(at) => record(at, 1, (w) => {
      w.fragmentHeader().templateInline((t) => t.fragmentHeader().open('Event').closeEmpty().eof(), []);
      w.b.splice(w.b.length - 4, 4, 0xff, 0xff, 0xff, 0x7f);
      w.eof();
    })] }), 0);
    expect(r.errors[0]!.message).toMatch(/claims \d+ values/);
  });
  it('reads text, CDATA, character and entity references, PIs, and back-referenced names', () => {
    let nameOff = 0;
    const rec = (at: number) => record(at, 1, (w) => {
      w.fragmentHeader().open('Event').closeStart().open('UserData').closeStart();
      nameOff = w.pos + 1 + 2 + 4 + 4;
      w.open('Item', true).attr('a').text('"q"&').closeStart().text('x<').charRef(0x41).entityRef('amp').entityRef('foo').cdata('c]]>d').end();
      w.openRef(nameOff).closeStart().text('second').end();
      w.pi('target', 'data').end().end().eof();
    });
    const r = parseChunk(chunk({ records: [rec] }), 0, { xml: true });
    expect(r.errors).toEqual([]);
    expect(r.records[0]!.UserData).toEqual({ Item: { '#attributes': { a: '"q"&' }, '#text': 'x<A&&foo;c]]>d' }, Item_1: 'second' });
    expect(r.xml[0]).toBe([
      '<Event>',
      '  <UserData>',
      '    <Item a="&quot;q&quot;&amp;">x&lt;A&amp;&foo;<![CDATA[c]]]]><![CDATA[>d]]></Item>',
      '    <Item>second</Item>',
      '    <?target data?>',
      '  </UserData>',
      '</Event>',
    ].join('\n'));
  });
  it('escapes XML-illegal control characters as references in Event XML', () => {
    const rec = (at: number) => record(at, 1, (w) => w.fragmentHeader().open('Event').closeStart().open('Data').closeStart().text('a\u0003b>').end().end().eof());
    const r = parseChunk(chunk({ records: [rec] }), 0, { xml: true, objects: false });
    expect(r.xml[0]).toBe('<Event>\n  <Data>a&#x3;b&gt;</Data>\n</Event>');
    expect(r.records).toEqual([]);
    expect(r.recordIds).toEqual([1]);
  });
  it('refuses absurd element nesting instead of recursing without bound', () => {
    const rec = (at: number) => record(at, 1, (w) => {
      w.fragmentHeader();
      for (let i = 0; i < 300; i++) w.open('E').closeStart();
      w.eof();
    });
    const r = parseChunk(chunk({ records: [rec] }), 0);
    expect(r.errors[0]!.code).toBe('evtx.binxml.depth');
  });
  it('re-reads an element header without the dependency id when its size is impossible', () => {
    // nested BinXML (no dependency ids) read where ids were expected, and vice versa
    const rec = (at: number) => record(at, 1, (w) => w.fragmentHeader().open('Event', false, false).closeStart().open('X', false, true).closeEmpty().end().eof());
    const r = parseChunk(chunk({ records: [rec] }), 0);
    expect(r.errors).toEqual([]);
    expect(r.records[0]!.EventData).toEqual({ X: null });
  });
  it('expands nested BinXML (0x21) substitution values in place', () => {
    const inner = new W(0);
    const rec = (at: number) => record(at, 1, (w) => {
      w.fragmentHeader();
      // the nested fragment's bytes are placed inside the value area; compute names relative to there
      const values: Val[] = [{ type: 0x21, bytes: [] }];
      w.u8(0x0c).u8(1).u32(1);
      const defOff = w.pos + 4;
      w.u32(defOff).u32(0).bytes(new Array(16).fill(0));
      const body = new W(w.pos + 4);
      body.fragmentHeader().open('Event').closeStart().open('UserData').closeStart().subst(0, 0x21).end().end().eof();
      w.u32(body.b.length).bytes(body.b);
      w.u32(1);
      const valueAt = w.pos + 4;
      const nested = new W(valueAt);
      nested.fragmentHeader().open('Inner', true, false).attr('k').text('v').closeStart().text('t').end().eof();
      values[0]!.bytes = nested.b;
      w.u16(nested.b.length).u8(0x21).u8(0).bytes(nested.b).eof();
      void inner;
    });
    const r = parseChunk(chunk({ records: [rec] }), 0, { xml: true });
    expect(r.errors).toEqual([]);
    expect(r.records[0]!.UserData).toEqual({ Inner: { '#attributes': { k: 'v' }, '#text': 't' } });
    expect(r.xml[0]).toContain('<Inner k="v">t</Inner>');
  });
  it('reads a nested fragment that is one template instance, and keeps what follows the instance', () => {
    // UserData's value: a fragment holding an instance of <Inner>%0</Inner>, then (or not) an <After> element
    const rec = (after: boolean) => (at: number) => record(at, 1, (w) => {
      w.fragmentHeader();
      w.u8(0x0c).u8(1).u32(1);
      const defOff = w.pos + 4;
      w.u32(defOff).u32(0).bytes(new Array(16).fill(0));
      const body = new W(w.pos + 4);
      body.fragmentHeader().open('Event').closeStart().open('UserData').closeStart().subst(0, 0x21).end().end().eof();
      w.u32(body.b.length).bytes(body.b);
      w.u32(1);
      const nested = new W(w.pos + 4);
      nested.fragmentHeader().templateInline((t) => t.fragmentHeader().open('Inner').closeStart().subst(0, 0x01).end().eof(), [V.str('a')], 0x22);
      if (after) nested.open('After', false, false).closeStart().text('z').end();
      nested.eof();
      w.u16(nested.b.length).u8(0x21).u8(0).bytes(nested.b).eof();
    });
    for (const after of [false, true]) {
      const r = parseChunk(chunk({ records: [rec(after)] }), 0, { xml: true });
      expect(r.errors).toEqual([]);
      expect(r.records[0]!.UserData).toEqual(after ? { Inner: 'a', After: 'z' } : { Inner: 'a' });
      expect(r.xml[0]).toMatch(after ? /<Inner>a<\/Inner>\s*<After>z<\/After>/ : /<Inner>a<\/Inner>\s*<\/UserData>/);
    }
  });
});
