/**
 * Field slots: every field name a rule reads gets an index, the same in every event view, and
 * per slot the System header reader a view answers it from (event-view.ts). The System header
 * names a rule may use are here: `SYSTEM_FIELDS` win over an EventData field of the same name,
 * `SYSTEM_FALLBACK` answer only when the event has no field of that name.
 */
import type { NormalisedEvent } from '../../model/event';

export type HeaderRead = (e: NormalisedEvent) => string | number | null;

/** System header names a rule may use; the header wins over an EventData field of the same name. */
const SYSTEM_FIELDS: Record<string, HeaderRead> = {
  EventID: (e) => e.event_id,
  Computer: (e) => e.dest,
  Provider_Name: (e) => e.system.provider_name,
  Provider_Guid: (e) => e.system.provider_guid,
  EventRecordID: (e) => e.record_id,
};

/**
 * Header fields used only when EventData/UserData has no field of that name. `Channel` is one: the
 * Eventlog service's "log cleared" event (System 104, `UserData/LogFileCleared`) names the cleared
 * log in its own `Channel`, and SigmaHQ's rules read that one (`win_system_susp_eventlog_cleared`
 * lists the logs that matter, `win_system_eventlog_cleared` the rest), while the rule's logsource
 * still picks events by the header's channel.
 */
const SYSTEM_FALLBACK: Record<string, HeaderRead> = {
  Channel: (e) => e.channel,
  Level: (e) => e.system.level,
  Task: (e) => e.system.task,
  Opcode: (e) => e.system.opcode,
  Keywords: (e) => e.system.keywords,
  Version: (e) => e.system.version,
  Security_UserID: (e) => e.system.user_sid,
  UserID: (e) => e.system.user_sid,
  ProcessID: (e) => e.system.execution_process_id,
  ThreadID: (e) => e.system.execution_thread_id,
  ActivityID: (e) => e.system.activity_id,
  TimeCreated: (e) => e.time_created,
};

/**
 * Every field name a rule reads has a slot, the same in every view, so a view caches a field's
 * values by index (no string hashing, no Map per event). Names come from rules and mappings; past
 * the bound a name has none (-1) and is read uncached.
 */
const slots = new Map<string, number>();
const MAX_SLOTS = 1 << 16;

/**
 * Per slot, its name's System header reader and header fallback (or null), found when the slot is
 * made: `read` looked them up by name in SYSTEM_FIELDS and SYSTEM_FALLBACK at every read, a keyed
 * load whose name varies (its optimised code deoptimised at each new name: "wrong name").
 */
export const slotHeader: (HeaderRead | null)[] = [];
export const slotFallback: (HeaderRead | null)[] = [];

/** `table`'s own reader of `name`, or null (`constructor`, `toString`, … are Object.prototype's: a rule or an event may name such a field). */
function readerOf(table: Record<string, HeaderRead>, name: string): HeaderRead | null {
  return Object.hasOwn(table, name) ? table[name]! : null;
}

export function fieldSlot(name: string): number {
  let s = slots.get(name);
  if (s === undefined) {
    if (slots.size >= MAX_SLOTS) return -1;
    s = slots.size;
    slots.set(name, s);
    slotHeader.push(readerOf(SYSTEM_FIELDS, name));
    slotFallback.push(readerOf(SYSTEM_FALLBACK, name));
  }
  return s;
}

/** A derived value's cache name (field-access.ts derivedField): no event field starts with NUL. */
export function derivedName(key: string): string {
  return `\0${key}`;
}

/** The System header reader of `name` (a slot-less name's, looked up each time). */
export function headerReaderOf(name: string): HeaderRead | null {
  return readerOf(SYSTEM_FIELDS, name);
}

/** The System header fallback of `name` (a slot-less name's, looked up each time). */
export function fallbackReaderOf(name: string): HeaderRead | null {
  return readerOf(SYSTEM_FALLBACK, name);
}
