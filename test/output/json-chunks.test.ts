/** JSON text in pieces: byte for byte what JSON.stringify writes, lazy arrays made on demand. */
import { describe, expect, it } from 'vitest';
import { jsonChunks, LazyJsonArray, RepeatedJson } from '../../src-main/output/json-chunks';

const text = (v: unknown, indent = 2) => [...jsonChunks(v, indent)].join('');

/** Seeded values of every JSON kind, nested, with the keys JSON.stringify skips. */
function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth > 4 || r < 0.35) {
    const leaves: unknown[] = [null, true, false, 0, -1.5e300, NaN, Infinity, 'x', '', 'quote " back \\ nl \n tab \t', '\u202E\u0000\u001b[31m', '𝔘 \uD800 \uDFFF', undefined, () => 1, new Date(0)];
    return leaves[Math.floor(next() * leaves.length)];
  }
  const n = Math.floor(next() * 5);
  if (r < 0.6) return Array.from({ length: n }, () => randomValue(next, depth + 1));
  const o: Record<string, unknown> = r < 0.65 ? Object.create(null) : {};
  for (let i = 0; i < n; i++) o[['a', 'b c', '"k"', '10', 'é', `k${i}`][Math.floor(next() * 6)]!] = randomValue(next, depth + 1);
  return o;
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

describe('jsonChunks', () => {
  it('writes what JSON.stringify writes, for every kind of value and indent', () => {
    const fixed: unknown[] = [
      {}, [], { a: [] }, { a: {} }, [[]], [{}], { a: undefined, b: () => 1, c: Symbol('s') }, [undefined, () => 1],
      { nested: { deeper: [1, { x: [2, 3] }, []] }, d: new Date(86400000), n: null }, 'top', 7, null,
    ];
    for (const indent of [0, 2, 4]) {
      for (const v of fixed) expect(text(v, indent), JSON.stringify(v)).toBe(JSON.stringify(v, null, indent));
      for (let seed = 1; seed <= 300; seed++) {
        const v = randomValue(prng(seed * 7919 + indent), 0);
        if (v === undefined || typeof v === 'function') continue;
        expect(text(v, indent), `seed ${seed}`).toBe(JSON.stringify(v, null, indent));
      }
    }
  });

  it('indents values deep down as JSON.stringify does (each written nested in one-item arrays)', () => {
    const deep = { a: { b: { c: [[{ d: [1, { e: 'x\ny' }], f: {} }], []], g: new Date(0) } }, h: [{ toJSON: () => ({ made: [1, 2] }) }, { toJSON: () => undefined }] };
    for (const indent of [1, 2, 3, 10]) expect(text(deep, indent)).toBe(JSON.stringify(deep, null, indent));
  });

  it('a lazy array writes like the array it makes, and makes its items only while they are written', () => {
    let made = 0;
    const items = function* () { for (let i = 0; i < 3; i++) { made++; yield { i, s: `v${i}` }; } };
    const doc = { head: 1, list: new LazyJsonArray(items), empty: new LazyJsonArray(() => []), tail: [new LazyJsonArray(items)] };
    const it = jsonChunks(doc, 2);
    let seen = '';
    let madeAtFirstItem = -1;
    for (let r = it.next(); !r.done; r = it.next()) {
      seen += r.value;
      if (madeAtFirstItem < 0 && seen.includes('"v0"')) madeAtFirstItem = made;
    }
    expect(madeAtFirstItem).toBe(1);
    expect(made).toBe(6);
    const plain = { head: 1, list: [...items()], empty: [], tail: [[...items()]] };
    expect(seen).toBe(JSON.stringify(plain, null, 2));
    expect(JSON.parse(seen)).toEqual(plain);
  });

  it('pieces stay small: a long list is never one piece', () => {
    const doc = { findings: new LazyJsonArray(function* () { for (let i = 0; i < 10_000; i++) yield { i, text: 'x'.repeat(50) }; }) };
    let max = 0;
    let count = 0;
    for (const piece of jsonChunks(doc)) { max = Math.max(max, piece.length); count++; }
    expect(count).toBeGreaterThan(10_000);
    expect(max).toBeLessThan(200);
  });

  it('with openDepth, and objects repeated by identity, still writes what JSON.stringify writes', () => {
    for (const indent of [0, 2, 3]) {
      for (let seed = 1; seed <= 200; seed++) {
        const next = prng(seed * 104729 + indent);
        // A few shared parts placed at several places and depths, in a list of items.
        const parts = Array.from({ length: 3 }, () => randomValue(next, 2));
        const pick = () => parts[Math.floor(next() * parts.length)];
        const items = Array.from({ length: 4 }, () => ({ a: pick(), nested: { b: pick(), c: [pick(), { d: pick() }] }, own: randomValue(next, 1) }));
        const doc = { head: randomValue(next, 0), list: items, lazy: new LazyJsonArray(() => items), deep: { x: { y: pick() } } };
        const want = JSON.stringify(doc, null, indent);
        for (const openDepth of [1, 2, 3, 4, 6]) {
          for (const maxHeld of [0, 40, 1 << 20]) {
            const repeated = new RepeatedJson(maxHeld);
            // Counted more often than used (the lazy list's items are the plain list's): the text stays right.
            for (const p of parts) if (typeof p === 'object' && p !== null) for (let i = 0; i < 1 + Math.floor(next() * 12); i++) repeated.count(p);
            const got = [...jsonChunks(doc, indent, { openDepth, repeated })].join('');
            expect(got, `seed ${seed} indent ${indent} openDepth ${openDepth} maxHeld ${maxHeld}`).toBe(want);
          }
        }
      }
    }
  });

  it('a repeated object is stringified once and its text reused at the same depth; past the cap it is stringified again', () => {
    let reads = 0;
    const shared = { get v() { reads++; return [1, 'two', { three: 3 }]; } };
    const doc = { list: new LazyJsonArray(() => [{ p: { s: shared } }, { p: { s: shared } }, { p: { s: shared } }]), other: { s: shared } };
    const want = JSON.stringify(doc, null, 2);
    const run = (maxHeld: number): [string, number] => {
      reads = 0;
      const repeated = new RepeatedJson(maxHeld);
      for (let i = 0; i < 4; i++) repeated.count(shared);
      return [[...jsonChunks(doc, 2, { openDepth: 4, repeated })].join(''), reads];
    };
    // The three list items' copies are at one depth (one stringify); `other.s` is opened (one read).
    expect(run(1 << 20)).toEqual([want, 2]);
    expect(run(10)).toEqual([want, 4]);
  });

  it('with openDepth, the objects above it are opened: a list item is cut at its opened fields (never one piece per item)', () => {
    const doc = { findings: new LazyJsonArray(function* () { for (let i = 0; i < 100; i++) yield { i, a: 'a'.repeat(1000), pivots: { timeline: 'x'.repeat(1000) }, b: 'b'.repeat(1000) }; }) };
    let max = 0;
    for (const piece of jsonChunks(doc, 2, { openDepth: 4 })) max = Math.max(max, piece.length);
    expect(max).toBeLessThan(1100);
    let maxDefault = 0;
    for (const piece of jsonChunks(doc, 2)) maxDefault = Math.max(maxDefault, piece.length);
    expect(maxDefault).toBeGreaterThan(3000);
  });

  it('writes a run of fields written whole in one piece: own __proto__ keys kept, toJSON given its key, runs capped', () => {
    const keyed: string[] = [];
    const withJson = { toJSON: (k: string) => { keyed.push(k); return k; } };
    const item = JSON.parse('{"n": 1, "__proto__": {"x": 1}, "a": 2}') as Record<string, unknown>;
    Object.assign(item, { t: withJson, list: [1, 2] });
    const doc = { item, wide: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, i])) };
    for (const indent of [0, 2]) {
      const pieces = [...jsonChunks(doc, indent, { openDepth: 2 })];
      expect(pieces.join('')).toBe(JSON.stringify(doc, null, indent));
      // `item`'s five fields are written whole (one run, its own `__proto__` among them); `wide`'s 300 in three.
      expect(pieces.filter((p) => p.includes('"n"') && p.includes('"__proto__"') && p.includes('"list"'))).toHaveLength(1);
      expect(pieces.filter((p) => /"k\d+"/.test(p))).toHaveLength(3);
    }
    expect(keyed).toEqual(['t', 't', 't', 't']);
  });
});
