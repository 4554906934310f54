/** JSON text in pieces: byte for byte what JSON.stringify writes, lazy arrays made on demand. */
import { describe, expect, it } from 'vitest';
import { jsonChunks, LazyJsonArray } from '../../src-main/output/json-chunks';

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
});
