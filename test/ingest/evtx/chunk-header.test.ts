import { describe, expect, it } from 'vitest';
import { isAllZero } from '../../../src-main/ingest/evtx/chunk-header';

/** The byte loop isAllZero replaced: the reference its word-wise scan must agree with. */
function byteByByte(bytes: Uint8Array, start = 0, end = bytes.length): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

describe('isAllZero', () => {
  it('finds a single nonzero byte anywhere in a 64 KiB slot, at every alignment of the view', () => {
    const backing = new Uint8Array(65536 + 8);
    for (const shift of [0, 1, 2, 3]) {
      const slot = backing.subarray(shift, shift + 65536);
      expect(isAllZero(slot)).toBe(true);
      for (const at of [0, 1, 2, 3, 4, 5, 255, 256, 1023, 32768, 65531, 65532, 65533, 65534, 65535]) {
        slot[at] = 0x80;
        expect(isAllZero(slot)).toBe(false);
        slot[at] = 0;
      }
    }
  });

  it('agrees with a byte loop on unaligned starts and ends, short and long ranges', () => {
    const backing = new Uint8Array(2048);
    const view = backing.subarray(3, 2000);
    for (const [start, end] of [[0, 1997], [1, 1996], [2, 300], [5, 262], [7, 7], [9, 8], [0, 255], [1, 257], [1700, 1997]] as const) {
      expect(isAllZero(view, start, end)).toBe(byteByByte(view, start, end));
      for (const at of [start - 1, start, start + 1, Math.floor((start + end) / 2), end - 2, end - 1, end]) {
        if (at < 0 || at >= view.length) continue;
        view[at] = 1;
        expect(isAllZero(view, start, end), `range [${start}, ${end}), byte ${at} set`).toBe(byteByByte(view, start, end));
        view[at] = 0;
      }
    }
  });

  it('counts bytes outside the array as nonzero, as the byte loop did, and an empty range as zero', () => {
    const bytes = new Uint8Array(1024);
    expect(isAllZero(bytes, 0, 2000)).toBe(false);
    expect(isAllZero(bytes, -1, 500)).toBe(false);
    expect(isAllZero(bytes, 600, 600)).toBe(true);
    expect(isAllZero(bytes, 1024)).toBe(true);
    expect(isAllZero(new Uint8Array(0))).toBe(true);
  });
});
