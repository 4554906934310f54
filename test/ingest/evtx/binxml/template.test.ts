/**
 * Template instances (template.ts): the value loop decodes the common fixed-size types, FILETIMEs,
 * u64s below 2^53 and nested BinXML itself, and reuses the last instance's value when the bytes
 * repeat; every value must still be exactly what `decodeValue` gives for its bytes.
 */
import { describe, expect, it } from 'vitest';
import { newChunkContext } from '../../../../src-main/ingest/evtx/binxml/context';
import type { TemplateNode, Value } from '../../../../src-main/ingest/evtx/binxml/nodes';
import { decodeValue } from '../../../../src-main/ingest/evtx/binxml/values';
import { readRecordHeader, readRecordNodes } from '../../../../src-main/ingest/evtx/record';
import { chunk, record, V, W } from '../build';
import type { Val } from '../build';

/** What `decodeValue` makes of a value's bytes on their own. */
function decoded(v: Val): Value {
  const buf = new Uint8Array(1024);
  buf.set(v.bytes, 600);
  return decodeValue(newChunkContext(buf, 0), 600, v.bytes.length, v.type, 0);
}

/** A definition with one substitution per value (their XML shape does not matter here). */
function body(n: number) {
  return (t: W) => {
    t.fragmentHeader().open('Event').closeStart();
    for (let i = 0; i < n; i++) t.open('V').closeStart().subst(i, 0x01).end();
    t.end().eof();
  };
}

/** The values of each record's instance, records 2… referring to the first one's definition. */
function instanceValues(valueSets: Val[][]): Value[][] {
  let defOffset = 0;
  const writers = valueSets.map((vs, i) => (at: number) => record(at, i + 1, (w) => {
    w.fragmentHeader();
    if (i === 0) {
      defOffset = w.pos + 10;
      w.templateInline(body(vs.length), vs);
    } else w.templateRef(defOffset, vs);
    w.eof();
  }));
  const c = chunk({ records: writers });
  const ctx = newChunkContext(c, 0);
  const out: Value[][] = [];
  for (let p = 512, i = 0; i < valueSets.length; i++) {
    const h = readRecordHeader(c, p);
    const nodes = readRecordNodes(ctx, p, h.size);
    expect(nodes).toHaveLength(1);
    out.push((nodes[0] as TemplateNode).values);
    p += h.size;
  }
  return out;
}

const text = (s: string): Val => ({ type: 0x21, bytes: new W().fragmentHeader().text(s).eof().b });

describe('template instance values', () => {
  it('the types decoded in the value loop give decodeValue\'s values, at the edges of the fast cases', () => {
    const vs: Val[] = [
      V.u8(255), V.u16(65535), V.u32(0xffffffff), V.null(), V.null(2),
      V.filetime(0n), V.filetime(0x01d8dda76a51dd6en), V.filetime(0x1fffffffffffffffn), V.filetime(0x2000000000000000n), V.filetime(0xffffffffffffffffn),
      V.u64(0), V.u64(2n ** 53n - 1n), V.u64(2n ** 53n), V.u64(2n ** 56n), V.u64(2n ** 64n - 1n),
      V.raw(0x0a, [1, 2, 3, 4, 5, 6, 7, 8, 9]), V.raw(0x11, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
      text('nested'), { type: 0x21, bytes: [] },
    ];
    const [values] = instanceValues([vs]);
    expect(values).toEqual(vs.map(decoded));
    expect(values![11]).toBe(9007199254740991);
    expect(values![12]).toBe('9007199254740992');
  });

  it('u32 values on both sides of 2^31, in one record and after records of small ones, are exact', () => {
    const small = [V.u32(0), V.u32(4), V.u32(0x7fffffff)];
    const large = [V.u32(0x80000000), V.u32(0xc000006d), V.u32(0xffffffff)];
    const got = instanceValues([small, small, large, [V.u32(1), V.u32(0x80000001), V.u32(2)]]);
    expect(got).toEqual([[0, 4, 2147483647], [0, 4, 2147483647], [2147483648, 3221225581, 4294967295], [1, 2147483649, 2]]);
    expect(got[2]).toEqual(large.map(decoded));
  });

  it('a value is reused only when its bytes repeat, whatever byte of it differs', () => {
    const guid = (last: number) => V.guid([0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 1, 2, 3, 4, 5, 6, 7, last]);
    const sid = (last: number) => V.sid([1, 1, 0, 0, 0, 0, 0, 5, last, 0, 0, 0]);
    const sets: Val[][] = [
      [V.str('abc'), V.str('abcdefg'), guid(1), sid(18), V.hex64(0x8000000000000000n), V.str('same')],
      // each value differs from the first record's in one byte: in the 4-byte words or in the tail
      [V.str('abd'), V.str('abcdefh'), guid(2), sid(19), V.hex64(0x8000000000000001n), V.str('same')],
      [V.str('xbd'), V.str('abcdefh'), guid(2), sid(18), V.hex64(0x8000000000000001n), V.str('Same')],
    ];
    const got = instanceValues(sets);
    got.forEach((values, i) => expect(values).toEqual(sets[i]!.map(decoded)));
    expect(got[1]).toEqual(['abd', 'abcdefh', '{12345678-1234-5678-0102-030405060702}', 'S-1-5-19', '0x8000000000000001', 'same']);
  });

  it('instances of one definition with more values than its first: the values past the first\'s count are decoded, never another index\'s', () => {
    const sets: Val[][] = [
      [V.str('a'), V.str('b')],
      [V.str('a'), V.str('b'), V.str('c'), V.str('d')],
      [V.str('a'), V.str('x'), V.str('c'), V.str('e'), V.str('f')],
      [V.str('a')],
      [V.str('a'), V.str('x'), V.str('c'), V.str('e'), V.str('f')],
    ];
    const got = instanceValues(sets);
    got.forEach((values, i) => expect(values).toEqual(sets[i]!.map(decoded)));
    expect(got[4]).toEqual(['a', 'x', 'c', 'e', 'f']);
  });
});
