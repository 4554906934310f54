// Per-template event plans (event-plan.ts) against the generic walker they replace: seeded
// random definitions (System, EventData, UserData and other children; optional substitutions
// with NULL values; static, substituted, empty, repeated and hostile names such as __proto__;
// mixed content; fragments in content, attributes and among Event's children; indexes past the
// values) must give the same RawEvent, key order included, record by record.
import { describe, expect, it } from 'vitest';
import type { TemplateNode as ParsedInstance } from '../../../../src-main/ingest/evtx/binxml/nodes';
import { parseEvtxBytes } from '../../../../src-main/ingest/evtx/index';
import { planOf } from '../../../../src-main/ingest/evtx/render/event-plan';
import { toRawEventGeneric, toRawEventWithinBudget } from '../../../../src-main/ingest/evtx/render/raw-event';
import { el, sub, Template, text } from '../../../tools/evtx-writer/binxml';
import type { ElementNode, SlotValue, TemplateNode } from '../../../tools/evtx-writer/binxml';
import { Prng } from '../../../tools/evtx-writer/prng';
import { recordNodes } from '../record-nodes';
import { bool, EvtxWriter, hex64, NULL, str, u32, ValueType } from '../../../tools/evtx-writer/index';
import { emptyRawEvent } from '../../../../src-main/model/raw-event';
import type { RawEvent } from '../../../../src-main/model/raw-event';

const T = 0x01d4f0e38a2b3c4dn;
const SLOTS = 8;
const SYSTEM_NAMES = ['Provider', 'EventID', 'Version', 'Level', 'Task', 'Opcode', 'Keywords', 'TimeCreated', 'EventRecordID', 'Correlation', 'Execution', 'Channel', 'Computer', 'Security', 'Unknown'];
const ATTR_NAMES = ['Name', 'Guid', 'EventSourceName', 'Qualifiers', 'SystemTime', 'ActivityID', 'RelatedActivityID', 'ProcessID', 'ThreadID', 'UserID'];
const DATA_NAMES = ['A', 'B', 'A', 'Data', '__proto__', 'constructor', '', 'A_1'];
const STRINGS = ['x', '42', '0x1F', '', '2026-11-20T08:00:00.123Z', 'C:\\Windows', '__proto__'];

let templates = 0;

function subst(r: Prng): TemplateNode {
  // now and then an index past the instance's values
  return sub(r.chance(0.05) ? SLOTS + 2 : r.int(0, SLOTS - 1), ValueType.String, r.chance(0.5));
}

function content(r: Prng, depth: number): TemplateNode[] {
  switch (r.int(0, 6)) {
    case 0: return [];
    case 1: return [text(r.pick(STRINGS) || 'y')];
    case 2: case 3: return [subst(r)];
    case 4: return [text('pre '), subst(r)];
    case 5: return depth < 2 ? [el(r.pick(DATA_NAMES) || 'Inner', [], content(r, depth + 1)), subst(r)] : [subst(r)];
    default: return [subst(r), subst(r)];
  }
}

function attrs(r: Prng, names: readonly string[]): ElementNode['attrs'] {
  const out: ElementNode['attrs'] = [];
  for (let i = r.int(0, 3); i > 0; i--) {
    const name = r.pick(names);
    out.push({ name, value: r.chance(0.6) ? subst(r) as never : text(r.pick(STRINGS)) });
  }
  return out;
}

/** Each System element's own attributes (what the RawEvent reads), most of the time. */
const OWN_ATTRS: Record<string, string[]> = { Provider: ['Name', 'Guid', 'EventSourceName'], EventID: ['Qualifiers'], TimeCreated: ['SystemTime'],
  Correlation: ['ActivityID', 'RelatedActivityID'], Execution: ['ProcessID', 'ThreadID'], Security: ['UserID'] };

function systemEl(r: Prng): ElementNode {
  const children = Array.from({ length: r.int(0, 12) }, (): TemplateNode => {
    if (r.chance(0.08)) return subst(r);
    const name = r.pick(SYSTEM_NAMES);
    const own = OWN_ATTRS[name];
    // an element that an optional NULL substitution leaves out, attributes and all
    const body = r.chance(0.3) ? [sub(r.int(0, SLOTS - 1), ValueType.String, true)] : content(r, 1);
    return el(name, attrs(r, own !== undefined && r.chance(0.8) ? own : ATTR_NAMES), body);
  });
  return el('System', [], children);
}

function dataEl(r: Prng): TemplateNode {
  if (r.chance(0.1)) return subst(r);
  if (r.chance(0.1)) return el('Other', attrs(r, ['Name']), content(r, 1));
  const name = r.int(0, 3);
  const a: ElementNode['attrs'] = name === 0 ? [] : name === 1 ? [{ name: 'Name', value: subst(r) as never }] : [{ name: 'Name', value: text(r.pick(DATA_NAMES)) }];
  return el('Data', a, content(r, 1));
}

function eventChildren(r: Prng): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (let i = r.int(1, 4); i > 0; i--) {
    switch (r.int(0, 7)) {
      case 0: case 1: out.push(systemEl(r)); break;
      case 2: case 3: out.push(el('EventData', [], Array.from({ length: r.int(0, 8) }, () => dataEl(r)))); break;
      case 4: out.push(el('UserData', attrs(r, ['xmlns']), content(r, 0))); break;
      case 5: out.push(el(r.pick(['RenderingInfo', 'ProcessingErrorData', 'EventData']), [], [subst(r)])); break;
      default: out.push(subst(r)); break; // a fragment slot among Event's children
    }
  }
  return out;
}

function values(r: Prng, depth: number): SlotValue[] {
  return Array.from({ length: SLOTS }, (): SlotValue => {
    const k = r.int(0, 9);
    if (k <= 1) return NULL;
    if (k <= 4) return str(r.pick(STRINGS));
    if (k === 5) return u32(r.int(0, 5000));
    if (k === 6) return hex64(r.int(0, 1 << 30));
    if (k === 7) return bool(r.chance(0.5));
    if (depth > 1) return str('leaf');
    // a fragment: another definition (an EventData/UserData one, or any element) with values of its own
    const root = r.chance(0.7) ? el('Wrapper', [], eventChildren(r)) : el(r.pick(['EventData', 'X', 'System']), [], eventChildren(r));
    const t = new Template(`plan-fragment-${templates++}`, root);
    return { type: 'binxml', template: t, values: values(r, depth + 1) };
  });
}

/** A definition: usually `<Event>` first; sometimes something before it, or an Event that may be left out. */
function definition(r: Prng): Template {
  const event = el('Event', attrs(r, ['xmlns']), eventChildren(r));
  const lead = r.int(0, 9);
  const root = lead === 0 ? el('Event', [], [sub(0, ValueType.String, true)]) : event;
  return new Template(`plan-${templates++}`, root);
}

/** The records of 1,500 instances of 60 seeded random definitions. */
function seededRecords(seed: number): ReturnType<typeof recordNodes> {
  const r = new Prng(seed);
  const w = new EvtxWriter();
  const defs = Array.from({ length: 60 }, () => definition(r));
  for (let i = 0; i < 1500; i++) w.addInstance(r.pick(defs), values(r, 0), T + BigInt(i));
  return recordNodes(w.toBytes());
}

describe('per-template event plans', () => {
  it('give the generic walker’s RawEvent on seeded random definitions, key order included', () => {
    const r = new Prng(21);
    const w = new EvtxWriter();
    const defs = Array.from({ length: 60 }, () => definition(r));
    for (let i = 0; i < 1500; i++) w.addInstance(r.pick(defs), values(r, 0), T + BigInt(i));
    const bytes = w.toBytes();
    let planned = 0;
    let n = 0;
    for (const { h, nodes } of recordNodes(bytes)) {
      n++;
      const generic = JSON.stringify(toRawEventGeneric(nodes, h));
      expect(JSON.stringify(toRawEventWithinBudget(nodes, h)), `record ${h.recordId}`).toBe(generic);
      // the second record of a definition reuses the plan compiled by the first
      expect(JSON.stringify(toRawEventWithinBudget(nodes, h))).toBe(generic);
      if (planOf((nodes[0] as ParsedInstance).def) !== null) planned++;
    }
    expect(n).toBe(1500);
    expect(planned).toBeGreaterThan(1000); // most definitions have a plan; the rest are the generic walker's
    expect(planned).toBeLessThan(1500);
    expect(parseEvtxBytes(bytes).summary.recordsFailed).toBe(0);
  });

  it('leave out a plain EventData only for a record its caller does not read (wantsData), else give the whole record', () => {
    let skipped = 0;
    let readAgain = 0;
    let kept = 0;
    for (const { h, nodes } of seededRecords(22)) {
      const whole = toRawEventWithinBudget(nodes, h);
      // a caller that reads no EventData: the record as whole but for its EventData (null or as whole)
      const none = toRawEventWithinBudget(nodes, h, () => false);
      if (none.EventData === null && whole.EventData !== null) skipped++;
      expect(JSON.stringify({ ...none, EventData: whole.EventData })).toBe(JSON.stringify(whole));
      // a caller that reads the EventData of records with a Channel: asked before a later System, it
      // is asked again at the end, and a record it reads is the whole record
      let asked = 0;
      const some = toRawEventWithinBudget(nodes, h, (ev) => { asked++; return ev.Channel !== null; });
      if (whole.Channel !== null) {
        kept++;
        expect(JSON.stringify(some)).toBe(JSON.stringify(whole));
        if (asked > 1) readAgain++;
      } else expect(JSON.stringify({ ...some, EventData: whole.EventData })).toBe(JSON.stringify(whole));
    }
    expect(skipped).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(100);
    expect(readAgain).toBeGreaterThan(5); // records whose System comes after their EventData
  });

  it('map only the count’s System fields of a record a counting caller does not read (countsUnwanted), else give the whole record', () => {
    // the fields event-elements.ts `isCountField` names, as the RawEvent holds them, and the rest
    const countKeys = ['Provider', 'EventID', 'Qualifiers', 'TimeCreated', 'EventRecordID', 'Channel', 'Computer'] as const;
    const otherKeys = ['Version', 'Level', 'Task', 'Opcode', 'Keywords', 'Security', 'Execution', 'Correlation'] as const;
    const empty = emptyRawEvent();
    const json = (v: unknown) => JSON.stringify(v);
    let cut = 0;
    let readAgain = 0;
    let kept = 0;
    for (const { h, nodes } of seededRecords(23)) {
      const whole = toRawEventWithinBudget(nodes, h);
      // a caller that reads (and so counts nothing of) the records with a Channel; it reads the Channel only
      let asked = 0;
      const counting = Object.assign((ev: RawEvent) => { asked++; return ev.Channel !== null; }, { countsUnwanted: true });
      const got = toRawEventWithinBudget(nodes, h, counting);
      if (whole.Channel !== null) {
        kept++;
        expect(json(got)).toBe(json(whole));
        if (asked > 1) readAgain++;
        continue;
      }
      // a counted record: the count's fields as the whole record has them, each other field as it or as an empty RawEvent
      for (const k of countKeys) expect(json(got[k]), `${k} of record ${h.recordId}`).toBe(json(whole[k]));
      for (const k of otherKeys) expect([json(whole[k]), json(empty[k])]).toContain(json(got[k]));
      if (otherKeys.some((k) => json(got[k]) !== json(whole[k]))) cut++;
      const filled: Partial<RawEvent> = {};
      for (const k of otherKeys) Object.assign(filled, { [k]: whole[k] });
      expect(json({ ...got, ...filled, EventData: whole.EventData })).toBe(json(whole));
    }
    expect(cut).toBeGreaterThan(50);
    expect(kept).toBeGreaterThan(100);
    expect(readAgain).toBeGreaterThan(5); // a later System (or a System after the EventData) asked again
  });

  it('keeps repeated names, unnamed Data and __proto__ as the generic walker does', () => {
    const t = new Template('plan-names', el('Event', [], [el('EventData', [], [
      el('Data', [{ name: 'Name', value: text('A') }], [sub(0, ValueType.String, false)]),
      el('Data', [{ name: 'Name', value: text('A') }], [sub(1, ValueType.String, false)]),
      el('Data', [], [sub(2, ValueType.String, false)]),
      el('Data', [{ name: 'Name', value: text('__proto__') }], [sub(3, ValueType.String, true)]),
    ])]));
    const r = parseEvtxBytes(new EvtxWriter().addInstance(t, [str('a'), str('b'), str('u'), str('p')], T).addInstance(t, [str('a'), str('b'), str('u'), NULL], T).toBytes());
    const [one, two] = r.records.map((e) => e.EventData!);
    expect(Object.keys(one!)).toEqual(['A', 'A_1', '__proto__', 'Data']);
    expect(one).toMatchObject({ A: 'a', A_1: 'b', Data: ['u'] });
    expect(Object.getPrototypeOf(one)).toBe(Object.prototype);
    expect(Object.keys(two!)).toEqual(['A', 'A_1', 'Data']);
  });

  it('reads an EventData definition held in a fragment among Event’s children by its own plan', () => {
    const inner = new Template('plan-inner', el('EventData', [], [el('Data', [{ name: 'Name', value: text('Image') }], [sub(0, ValueType.String, false)]),
      el('Data', [{ name: 'Name', value: text('Pid') }], [sub(1, ValueType.String, true)])]));
    const outer = new Template('plan-outer', el('Event', [], [el('System', [], [el('EventID', [], [sub(0, ValueType.String, false)]),
      el('Provider', [{ name: 'Name', value: sub(1, ValueType.String, false) as never }], [])]), sub(2, ValueType.BinXml, false)]));
    const frag = (image: string, pid: SlotValue): SlotValue => ({ type: 'binxml', template: inner, values: [str(image), pid] });
    const r = parseEvtxBytes(new EvtxWriter()
      .addInstance(outer, [u32(7036), str('SCM'), frag('a.exe', u32(4))], T)
      .addInstance(outer, [u32(7040), str('SCM'), frag('b.exe', NULL)], T).toBytes());
    expect(r.records.map((e) => [e.EventID, e.Provider.Name, e.EventData])).toEqual([
      [7036, 'SCM', { Image: 'a.exe', Pid: 4 }],
      [7040, 'SCM', { Image: 'b.exe' }],
    ]);
  });
});
