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
