/** The merge's spill file: text appended in batches reads back by (offset, length), before and after a flush. */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SpillStore } from '../../src-main/merge/spill-store';

describe('SpillStore', () => {
  it('reads back every string, pending or written, multi-byte text included', () => {
    const store = new SpillStore();
    try {
      const texts = Array.from({ length: 3000 }, (_, i) => `{"i":${i},"t":"${'ü€'.repeat(i % 300)}${'x'.repeat(i)}"}`);
      const at = texts.map((t) => store.append(t));
      expect(store.bytes).toBe(texts.reduce((n, t) => n + Buffer.byteLength(t), 0));
      for (const i of [2999, 0, 1500, 7, 2998]) expect(store.read(at[i]!)).toBe(texts[i]);
      const more = store.append('tail');
      expect(store.read(more)).toBe('tail');
      expect(store.read(at[1]!)).toBe(texts[1]);
    } finally {
      store.close();
    }
  });

  it('removes its file on close', () => {
    const store = new SpillStore();
    const dir = (store as unknown as { dir: string }).dir;
    expect(existsSync(dir)).toBe(true);
    store.close();
    store.close();
    expect(existsSync(dir)).toBe(false);
  });
});
