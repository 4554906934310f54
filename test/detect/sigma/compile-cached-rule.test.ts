/** Bundled rules the load cache knows (compile-cached-rule.ts): compiled from the cache entry, matching as the document does. */
import { describe, expect, it } from 'vitest';
import { compilePrechecked } from '../../../src-main/detect/sigma/compile-cached-rule';
import type { CachedRuleSource } from '../../../src-main/detect/sigma/compile-cached-rule';
import { SigmaRuleError } from '../../../src-main/detect/sigma/errors';
import { resolveLogsource } from '../../../src-main/detect/sigma/logsource';
import type { PrecheckedRule, StoredGate } from '../../../src-main/detect/sigma/precheck';
import { event, rule } from './helpers';

const procRule = (detection: string): string => `title: t\nid: r1\nlevel: high\ntags: [attack.execution, attack.t1059.001]\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n${detection.replace(/^/gm, '  ')}`;

describe('compilePrechecked', () => {
  const head = { id: 'c1', title: 'cached', name: null, level: 'high' as const, status: 'test', date: null, modified: null, logsource: { product: 'windows', category: 'process_creation' } };
  const entry: PrecheckedRule = { variants: [0, 1], eventIds: null, detectionStart: 0, detectionEnd: 0, gatesStart: 0, gatesEnd: 0, conditionsStart: -1, conditionsEnd: -1, head };
  const detection = { sel: { 'Image|endswith': '\\whoami.exe' }, condition: 'sel' };
  /** A cached rule's source that counts its reads. */
  function source(det: () => Record<string, unknown>, gates: StoredGate[] | null) {
    const reads = { doc: 0, detection: 0, gates: 0 };
    const s: CachedRuleSource = {
      doc: () => { reads.doc++; return { ...head, detection: det() }; },
      metaDoc: () => { reads.doc++; return { ...head, detection: {} }; },
      detection: () => { reads.detection++; return det(); },
      gates: (count) => { reads.gates++; return gates && gates.length === count ? gates : null; },
    };
    return { s, reads };
  }
  const sec = { eventId: 4688, channel: 'Security', provider: 'Microsoft-Windows-Security-Auditing' };

  it('takes its conditions from the cache when they fit the detection, else parses them from the text', () => {
    const two = { sel: { 'Image|endswith': '\\whoami.exe' }, other: { 'Image|endswith': '\\notepad.exe' }, condition: 'sel' };
    const stored = (conditions: unknown) => {
      const { s } = source(() => two, null);
      return compilePrechecked(entry, { ...s, conditions: () => conditions }, 'p.yml', 'sigmahq', new Map())!;
    };
    // A stored tree that fits is what the rule runs (the cache's key vouches for it: here it names the other search).
    const cached = stored([{ kind: 'ref', name: 'other' }]);
    expect(cached.match(event({ Image: 'C:\\Windows\\notepad.exe' }))).toBe(true);
    expect(cached.match(event({ Image: 'C:\\Windows\\whoami.exe' }))).toBe(false);
    // None, or one that does not fit (an unknown name, a malformed node, one tree too many): the text is parsed.
    for (const conditions of [null, [{ kind: 'ref', name: 'nope' }], [{ kind: 'ref' }], [{ kind: 'ref', name: 'other' }, { kind: 'ref', name: 'sel' }]]) {
      const parsed = stored(conditions);
      expect(parsed.match(event({ Image: 'C:\\Windows\\whoami.exe' })), JSON.stringify(conditions)).toBe(true);
      expect(parsed.match(event({ Image: 'C:\\Windows\\notepad.exe' })), JSON.stringify(conditions)).toBe(false);
    }
  });

  it('matches as the compiled document does, reading its detection once, when a variant first runs, and never its document', () => {
    const { s, reads } = source(() => detection, [[5, 'base', 'Image', ['whoami.exe']], null]);
    const r = compilePrechecked(entry, s, 'p.yml', 'sigmahq', new Map())!;
    expect(reads).toEqual({ doc: 0, detection: 0, gates: 0 });
    expect(r.variants.map((v) => v.logsource.name)).toEqual(resolveLogsource(head.logsource).map((l) => l.name));
    expect(r.match(event({ Image: 'C:\\Windows\\whoami.exe' }))).toBe(true);
    expect(r.match(event({ Image: 'C:\\Windows\\notepad.exe' }))).toBe(false);
    expect(r.match(event({ NewProcessName: 'C:\\Windows\\whoami.exe' }, sec))).toBe(true);
    expect(reads).toEqual({ doc: 0, detection: 1, gates: 0 });
    expect(r.variants[0]!.gate()).toEqual({ score: 5, keys: [{ kind: 'base', source: 'Image', lit: 'whoami.exe' }] });
    expect(r.variants[1]!.gate()).toBeNull();
    expect(reads.gates).toBe(1);
    expect(r.meta.title).toBe('cached');
    expect(reads.doc).toBe(0);
  });

  it('reads the stored gates once for all its variants, lets them go once each variant has taken its own, and gives the same gate when asked again', () => {
    const { s, reads } = source(() => detection, [[5, 'base', 'Image', ['whoami.exe']], null]);
    const r = compilePrechecked(entry, s, 'p.yml', 'sigmahq', new Map())!;
    const first = r.variants[0]!.gate();
    expect(reads.gates).toBe(1);
    expect(r.variants[0]!.gate()).toEqual(first); // the second variant has not taken its own yet: not read again
    expect(reads.gates).toBe(1);
    expect(r.variants[1]!.gate()).toBeNull();
    expect(r.variants[0]!.gate()).toEqual(first);
    expect(reads.gates).toBe(2);
  });

  it('works the gates out from the detection when the stored ones are not usable', () => {
    const { s } = source(() => detection, null);
    const r = compilePrechecked(entry, s, 'p.yml', 'sigmahq', new Map())!;
    const compiled = rule(procRule("sel:\n  Image|endswith: '\\whoami.exe'\ncondition: sel"));
    expect(r.variants.map((v) => v.gate())).toEqual(compiled.variants.map((v) => v.gate()));
    expect(r.variants[0]!.gate()).not.toBeNull();
  });

  it('does not try a matcher that failed to build again on every event: it throws the same error', () => {
    const { s, reads } = source(() => { throw new SigmaRuleError('bundle', 'damaged'); }, null);
    const r = compilePrechecked(entry, s, 'p.yml', 'sigmahq', new Map())!;
    for (let i = 0; i < 3; i++) expect(() => r.match(event({ Image: 'x' }))).toThrow('damaged');
    expect(reads.detection).toBe(1);
  });

  it('is null when the entry names a variant the logsource does not have, or none', () => {
    const { s } = source(() => detection, null);
    expect(compilePrechecked({ ...entry, variants: [0, 7] }, s, 'p.yml', 'sigmahq', new Map())).toBeNull();
    expect(compilePrechecked({ ...entry, variants: [] }, s, 'p.yml', 'sigmahq', new Map())).toBeNull();
  });
});
