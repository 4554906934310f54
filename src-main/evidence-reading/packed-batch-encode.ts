/**
 * Events → a packed batch (format in packed-batch-format.ts). Pure: the worker edge
 * (ingest.worker.ts, through event-batcher.ts) posts the result with its buffers transferred.
 * Events are added one at a time as they are read, so none of them outlives its `add` (a young
 * object, for the garbage collector, rather than one held for a whole batch).
 *
 * A reader's event is packed straight from its `RawEvent` (`addRaw`): the words `add` writes for
 * `normaliseEvent(raw)`, without making the normalised event, its System object or its fields
 * object in between (test/evidence-reading/packed-batch-encode.test.ts checks the words are the
 * same, the corpus test that every shared file decodes to the events `normaliseEvent` gives).
 * Events that may have a CIM view (Sysmon, Security; model/normalise.ts `mayHaveView`) need the
 * fields object for their view: they are normalised first. The rest (most of a folder: System,
 * Application, the other channels, and the Security events of an EventID no view is built for
 * when their data is left out) have their EventData written as it is read, each value in its
 * text form (model/fields.ts), or `{}`.
 *
 * A read of content `'viewed'` (messages.ts `EventContent`) packs an event without a view with
 * `data: {}`: its EventData/UserData is not walked at all (and a Sysmon/Security event's fields,
 * needed to tell whether it has a view, are made but not packed).
 */
import type { NormalisedEvent, SystemFields } from '../model/event';
import type { RawEvent } from '../model/raw-event';
import { destOf, mayHaveView, normaliseEvent, normaliseKeywords, providerGuidOf, sourceOf, userDataFields, userSidOf } from '../model/normalise';
import { isGuid, normaliseGuid } from '../model/guid';
import { fieldsOf } from '../model/fields';
import { instantMs, utcMicrosecondsIso } from '../model/time';
import { ARRAY, HAS_RECOVERED, MAX_DEPTH, NULL, PackedBatchError, SAME_AS_TIME, type PackedBatch } from './packed-batch-format';
import type { StringSlot } from './packed-batch-slots';
import { PackedBatchWriter } from './packed-batch-writer';

/** The `data` of an event packed without its fields (content `'viewed'`): an empty object, packed as one shape word. */
const NO_DATA: Readonly<Record<string, never>> = Object.freeze({});

export class PackedBatchEncoder extends PackedBatchWriter {
  /**
   * Adds one event. An event that cannot be packed (a value nested past `MAX_DEPTH`, a function …)
   * throws and leaves the batch as it was before it.
   */
  add(e: NormalisedEvent): void {
    this.begin();
    try {
      this.event(e);
    } catch (err) {
      this.undo();
      throw err;
    }
    this.events++;
  }

  /** A whole batch at once. */
  encode(events: readonly NormalisedEvent[]): { batch: PackedBatch; transfer: ArrayBuffer[] } {
    this.reset();
    for (let i = 0; i < events.length; i++) this.add(events[i]!);
    return this.take();
  }

  private event(e: NormalisedEvent): void {
    const s = this.slots;
    const recovered = e.recovered !== undefined || 'recovered' in e;
    this.word(recovered ? HAS_RECOVERED : 0);
    this.value(e.evidence, 0, s.evidence);
    this.value(e.record_id, 0, s.other);
    this.value(e.dest, 0, s.dest);
    this.value(e.event_id, 0, s.other);
    this.value(e.channel, 0, s.channel);
    const time = e.time;
    if (typeof time === 'string') this.inline(time);
    else this.value(time, 0, s.time);
    this.value(e.time_ms, 0, s.other);
    this.value(e.time_source, 0, s.time_source);
    this.timeOrValue(e.time_created, time, s.time_created);
    this.timeOrValue(e.utc_time, time, s.utc_time);
    this.system(e.system);
    this.value(e.data, 0, s.data);
    this.value(e.view, 0, s.view);
    if (recovered) this.value(e.recovered, 0, s.recovered);
  }

  /** `time_created` and `utc_time`, nearly always the event's `time` itself: one word instead of the text again. */
  private timeOrValue(v: unknown, time: string | null, slot: StringSlot): void {
    if (typeof v === 'string' && v === time) this.word(SAME_AS_TIME);
    else this.value(v, 0, slot);
  }

  private system(sys: SystemFields): void {
    const s = this.slots;
    const start = this.at;
    this.value(sys.provider_name, 0, s.provider_name);
    this.value(sys.provider_guid, 0, s.provider_guid);
    this.value(sys.qualifiers, 0, s.other);
    this.value(sys.version, 0, s.other);
    this.value(sys.level, 0, s.other);
    this.value(sys.task, 0, s.other);
    this.value(sys.opcode, 0, s.other);
    this.value(sys.keywords, 0, s.keywords);
    this.value(sys.user_sid, 0, s.user_sid);
    this.value(sys.execution_process_id, 0, s.other);
    this.value(sys.execution_thread_id, 0, s.other);
    this.value(sys.activity_id, 0, s.activity_id);
    this.value(sys.related_activity_id, 0, s.related_activity_id);
    this.endSystem(start);
  }

  /**
   * Adds one event as read, packed as its normalised event (`normaliseEvent(raw, { evidence })`);
   * `withoutData` (content `'viewed'`, event-batcher.ts): with `data: {}` when it has no view. An
   * event that cannot be packed throws and leaves the batch as it was before it.
   */
  addRaw(raw: RawEvent, evidence: string, withoutData = false): void {
    const source = sourceOf(raw);
    // a view needs the fields; so does the data when it is sent (and Sysmon's time, its UtcTime)
    if (source !== 'other' && (!withoutData || mayHaveView(source, raw.EventID))) {
      const e = normaliseEvent(raw, { evidence });
      if (withoutData && e.view === null) e.data = NO_DATA;
      this.add(e);
      return;
    }
    this.begin();
    try {
      this.rawEvent(raw, evidence, withoutData);
    } catch (err) {
      this.undo();
      throw err;
    }
    this.events++;
  }

  /** normaliseEvent's keys in its order, for an event without a view (so not Sysmon's: no UtcTime); `withoutData`: its data as `{}`. */
  private rawEvent(raw: RawEvent, evidence: string, withoutData: boolean): void {
    const s = this.slots;
    const recovered = raw.recovered !== undefined;
    this.word(recovered ? HAS_RECOVERED : 0);
    this.value(evidence, 0, s.evidence);
    this.value(raw.EventRecordID, 0, s.other);
    this.value(destOf(raw), 0, s.dest);
    this.value(raw.EventID, 0, s.other);
    this.value(raw.Channel, 0, s.channel);
    const time = utcMicrosecondsIso(raw.TimeCreated);
    if (time === null) {
      this.word(NULL);
      this.word(NULL);
      this.value('none', 0, s.time_source);
      this.word(NULL); // time_created
    } else {
      this.inline(time);
      this.number(instantMs[0]!);
      this.value('TimeCreated', 0, s.time_source);
      this.word(SAME_AS_TIME); // time_created
    }
    this.word(NULL); // utc_time: Sysmon's only
    this.rawSystem(raw);
    if (withoutData) this.value(NO_DATA, 0, s.data);
    else if (raw.EventData) this.textObject(raw.EventData, 0, s.data);
    else this.value(userDataFields(raw.UserData), 0, s.data);
    this.word(NULL); // view
    if (recovered) this.value(raw.recovered, 0, s.recovered);
  }

  /** normaliseEvent's `system`, value by value. */
  private rawSystem(raw: RawEvent): void {
    const s = this.slots;
    const start = this.at;
    this.value(raw.Provider.Name, 0, s.provider_name);
    this.value(providerGuidOf(raw), 0, s.provider_guid);
    this.value(raw.Qualifiers, 0, s.other);
    this.value(raw.Version, 0, s.other);
    this.value(raw.Level, 0, s.other);
    this.value(raw.Task, 0, s.other);
    this.value(raw.Opcode, 0, s.other);
    this.value(normaliseKeywords(raw.Keywords), 0, s.keywords);
    this.value(userSidOf(raw), 0, s.user_sid);
    this.value(raw.Execution.ProcessID, 0, s.other);
    this.value(raw.Execution.ThreadID, 0, s.other);
    this.value(normaliseGuid(raw.Correlation.ActivityID), 0, s.activity_id);
    this.value(normaliseGuid(raw.Correlation.RelatedActivityID), 0, s.related_activity_id);
    this.endSystem(start);
  }

  /** `value(fieldsOf(o))` without the fields object: `o`'s keys, each value in its text form. */
  private textObject(o: object, depth: number, slot: StringSlot): void {
    if (depth >= MAX_DEPTH) throw new PackedBatchError(`a value is nested deeper than ${MAX_DEPTH}`);
    // fieldsOf reads the keys with for-in: the same as Object.keys on a plain object only
    const proto: unknown = Object.getPrototypeOf(o);
    if (proto !== Object.prototype && proto !== null) { this.value(fieldsOf(o as Record<string, never>), depth, slot); return; }
    const shape = this.objectShape(o, slot);
    const keys = shape.keys;
    const slots = shape.slots;
    for (let i = 0; i < keys.length; i++) this.textValue((o as Record<string, unknown>)[keys[i]!], depth + 1, slots[i]!);
  }

  /** `value(textForm(v))` (fields.ts): text as it is (a GUID as `{UPPER}`), numbers and booleans as text, null as ''. */
  private textValue(v: unknown, depth: number, slot: StringSlot): void {
    if (typeof v === 'string') this.string(isGuid(v) ? normaliseGuid(v)! : v, slot);
    else if (v === null) this.string('', slot);
    else if (typeof v === 'number') this.string(Number.isFinite(v) ? String(v) : '', slot);
    else if (typeof v === 'boolean') this.string(v ? 'true' : 'false', slot);
    else if (Array.isArray(v)) {
      if (depth >= MAX_DEPTH) throw new PackedBatchError(`a value is nested deeper than ${MAX_DEPTH}`);
      this.word(ARRAY);
      this.word(v.length);
      for (let i = 0; i < v.length; i++) this.textValue(v[i], depth + 1, slot);
    } else if (typeof v === 'object') this.textObject(v as object, depth, slot);
    else this.value(fieldsOf(v as never), depth, slot); // what textForm makes of anything else: an object of its for-in keys
  }
}
