/**
 * Record BinXML (template nodes + substitution values) → `RawEvent`, walking the template tree
 * with the record's values bound, without building an intermediate element tree (libyal EVTX
 * doc §5 "Event record XML"; MS-EVEN6 §3.1.4.7.5 substitutions). Values keep the types decoded
 * from the substitutions. Nested elements become objects the way the Rust evtx_dump JSON does
 * (event-content.ts). A record that is one template instance with scalar values (almost every
 * record) is built by its definition's plan (event-plan.ts); anything else by the generic walker.
 */
import type { RawEvent } from '../../../model/raw-event';
import { emptyRawEvent } from '../../../model/raw-event';
import { formatFiletime } from '../binxml/format';
import type { ElementNode, TemplateNode, Value, XNode } from '../binxml/nodes';
import { eachElement, NO_VALUES } from './event-content';
import { eventChild } from './event-elements';
import { planOf, runPlan } from './event-plan';
import type { WantsData } from './event-plan';
import { checkRecordExpansion } from './expansion-budget';

const newEvent = emptyRawEvent; // module-local alias (hot: once per record)

interface TopState { ev: RawEvent; found: boolean }
function topElem(el: ElementNode, values: Value[], st: TopState): void {
  if (st.found) return;
  st.found = true;
  eachElement(el.children, values, eventChild, st.ev);
}

/** The record header fields a RawEvent falls back on (record.ts `RecordHeader`). */
export interface RecordFallbacks {
  recordId: number;
  writtenLo: number;
  writtenHi: number;
}

/**
 * Builds the RawEvent of one record from its parsed BinXML nodes. The record header's id and
 * written time fill EventRecordID/TimeCreated when `<System>` lacks them. A record over its
 * expansion budget throws `evtx.record.expansion` (expansion-budget.ts) before any work is done.
 */
export function toRawEvent(nodes: XNode[], header: RecordFallbacks): RawEvent {
  checkRecordExpansion(nodes);
  return toRawEventWithinBudget(nodes, header);
}

/** The RawEvent by the generic walker alone (no plan): what every plan must equal (tests). */
export function toRawEventGeneric(nodes: XNode[], header: RecordFallbacks): RawEvent {
  const st: TopState = { ev: newEvent(), found: false };
  eachElement(nodes, NO_VALUES, topElem, st);
  return withFallbacks(st.ev, header);
}

function withFallbacks(ev: RawEvent, header: RecordFallbacks): RawEvent {
  ev.EventRecordID ??= header.recordId;
  ev.TimeCreated ??= formatFiletime(header.writtenLo, header.writtenHi);
  return ev;
}

/**
 * `toRawEvent` for a caller that has just checked the record's budget (the chunk reader). With
 * `wantsData`, the EventData of a record whose caller does not read it may be left null (event-plan.ts `runPlan`).
 */
export function toRawEventWithinBudget(nodes: XNode[], header: RecordFallbacks, wantsData: WantsData | null = null): RawEvent {
  if (nodes.length === 1) {
    const t = nodes[0]!;
    if (typeof t !== 'string' && t.k === 7) {
      const plan = planOf((t as TemplateNode).def);
      if (plan !== null) return withFallbacks(runPlan(plan, (t as TemplateNode).values, wantsData), header);
    }
  }
  return toRawEventGeneric(nodes, header);
}
