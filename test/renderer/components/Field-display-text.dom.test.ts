/**
 * The views show hostnames, paths and event values through the shared display rule
 * (shared/display-text.ts): controls, escape sequences and bidi overrides appear as ⟨U+XXXX⟩ text.
 */
import { flushSync, mount, unmount, type Component } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { EvidenceEntry, PivotEvent } from '../../../src-main/shared/contract';
import EventFields from '../../../src-renderer/components/EventFields.svelte';
import EvidenceTable from '../../../src-renderer/components/EvidenceTable.svelte';
import Field from '../../../src-renderer/components/Field.svelte';

const ACTIVE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;
const HOST = 'WS\u001b[31m-01\u202Egpj.exe\u2028';
const HOST_SHOWN = 'WS⟨U+001B⟩[31m-01⟨U+202E⟩gpj.exe⟨U+2028⟩';

function render<P extends Record<string, unknown>>(component: Component<P>, props: P): { text: string; done: () => void } {
  const target = document.createElement('div');
  const c = mount(component, { target, props });
  flushSync();
  return { text: target.textContent ?? '', done: () => unmount(c) };
}

describe('views show evidence text through the display rule', () => {
  it('a field value', () => {
    const r = render(Field, { label: 'Host', value: HOST });
    expect(r.text).toContain(HOST_SHOWN);
    expect(r.text).not.toMatch(ACTIVE);
    r.done();
  });

  it('an event: host, evidence path, summary, field names and values', () => {
    const event: PivotEvent = {
      time: '2024-03-01T10:00:00Z', kind: 'registry', event_id: 13, channel: 'Sysmon\u009b', dest: HOST, process_guid: null, process_name: null,
      summary: 'SetValue \u2066x\u2069', evidence: 'logs/a\u202Eb.evtx', record_id: 1, fields: { 'Ta\u200bg': 'v\u001b]0;t\u0007' },
    };
    const r = render(EventFields, { event, onclose: () => {} });
    for (const s of [HOST_SHOWN, 'logs/a⟨U+202E⟩b.evtx', 'SetValue ⟨U+2066⟩x⟨U+2069⟩', 'Ta⟨U+200B⟩g', 'v⟨U+001B⟩]0;t⟨U+0007⟩', 'Sysmon⟨U+009B⟩']) expect(r.text).toContain(s);
    expect(r.text).not.toMatch(ACTIVE);
    r.done();
  });

  it('an evidence file name and its error', () => {
    const entry: EvidenceEntry = {
      path: 'x/\u001b[2Jevil\u202Etxt.exe', bytes: 1, modified: '2024-03-01T10:00:00Z', sha256: 'ab', hashComplete: false, format: 'unknown',
      error: 'cannot read x/\u001b[2Jevil', records: null, errors: 0, warnings: 0, errorSamples: [], warningSamples: [],
    };
    const r = render(EvidenceTable, { evidence: [entry] });
    expect(r.text).toContain('x/⟨U+001B⟩[2Jevil⟨U+202E⟩txt.exe');
    expect(r.text).toContain('cannot read x/⟨U+001B⟩[2Jevil');
    expect(r.text).not.toMatch(ACTIVE);
    r.done();
  });
});
