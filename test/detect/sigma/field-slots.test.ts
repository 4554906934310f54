import { describe, expect, it } from 'vitest';
import { derivedName, fallbackReaderOf, fieldSlot, headerReaderOf, slotFallback, slotHeader } from '../../../src-main/detect/sigma/field-slots';

describe('field slots', () => {
  it('gives a name one slot, the same on every call, and another name another', () => {
    const a = fieldSlot('TargetObject');
    expect(fieldSlot('TargetObject')).toBe(a);
    expect(fieldSlot('targetobject')).not.toBe(a);
    expect(fieldSlot(derivedName('TargetObject'))).not.toBe(a);
  });

  it("keeps per slot its name's System header reader and fallback", () => {
    const id = fieldSlot('EventID');
    expect(slotHeader[id]).toBe(headerReaderOf('EventID'));
    expect(slotFallback[id]).toBeNull();
    const channel = fieldSlot('Channel');
    expect(slotHeader[channel]).toBeNull();
    expect(slotFallback[channel]).toBe(fallbackReaderOf('Channel'));
    const image = fieldSlot('Image');
    expect(slotHeader[image]).toBeNull();
    expect(slotFallback[image]).toBeNull();
  });

  it("reads only its own header names, never Object.prototype's", () => {
    for (const name of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      expect(headerReaderOf(name)).toBeNull();
      expect(fallbackReaderOf(name)).toBeNull();
      const s = fieldSlot(name);
      expect(slotHeader[s]).toBeNull();
      expect(slotFallback[s]).toBeNull();
    }
  });

  it('derived names start with NUL, which no event field name does', () => {
    expect(derivedName('x')).toBe('\0x');
  });
});
