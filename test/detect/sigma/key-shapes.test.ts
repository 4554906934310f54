import { describe, expect, it } from 'vitest';
import { cachedLower, keyShape, lowerName } from '../../../src-main/detect/sigma/key-shapes';

describe('keyShape', () => {
  it('maps each lower-cased name to the first key of that spelling', () => {
    const s = keyShape({ Image: 1, image: 2, CommandLine: 3 });
    expect(s.keys).toEqual(['Image', 'image', 'CommandLine']);
    expect(s.byLower.get('image')).toBe('Image');
    expect(s.byLower.get('commandline')).toBe('CommandLine');
  });

  it('reuses the kept shape for the same keys in the same order, and makes another for another order', () => {
    const a = keyShape({ TargetObject: 'x', Details: 'y' });
    expect(keyShape({ TargetObject: 'z', Details: 'w' })).toBe(a);
    const b = keyShape({ Details: 'y', TargetObject: 'x' });
    expect(b).not.toBe(a);
    expect(b.keys).toEqual(['Details', 'TargetObject']);
  });

  it('tells apart keys that print alike (same count, lengths and last units)', () => {
    const a = keyShape({ ab: 1, cd: 2 });
    const b = keyShape({ xb: 1, yd: 2 });
    expect(b.keys).toEqual(['xb', 'yd']);
    expect(a.keys).toEqual(['ab', 'cd']);
  });

  it('reads own keys only', () => {
    const o = Object.create({ Inherited: 1 }) as Record<string, unknown>;
    o['Own'] = 2;
    expect(keyShape(o).keys).toEqual(['Own']);
  });
});

describe('lowerName / cachedLower', () => {
  it('lower-cases, through the given cache', () => {
    const cache = new Map<string, string>();
    expect(cachedLower(cache, 'Provider_Name')).toBe('provider_name');
    expect(cache.get('Provider_Name')).toBe('provider_name');
    expect(lowerName('EventID')).toBe('eventid');
  });
});

describe('keyShape under many shapes', () => {
  it('answers every shape right when more shapes than the bounds keep share a print', () => {
    // Same count, same first, middle and last keys: one print, told apart by the other keys.
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 300; i++) {
        const d: Record<string, unknown> = { First: 1, [`K${i}`]: 2, Mid: 3, [`L${i}`]: 4, Last: 5 };
        const s = keyShape(d);
        expect(s.keys).toEqual(['First', `K${i}`, 'Mid', `L${i}`, 'Last']);
        expect(s.byLower.get(`k${i}`)).toBe(`K${i}`);
      }
    }
  });

  it('reuses a kept shape among several of its print', () => {
    const a = keyShape({ P: 1, X1: 2, Q: 3 });
    const b = keyShape({ P: 1, X2: 2, Q: 3 });
    expect(keyShape({ P: 0, X1: 0, Q: 0 })).toBe(a);
    expect(keyShape({ P: 0, X2: 0, Q: 0 })).toBe(b);
  });
});
