/**
 * The packed form of a batch of normalised events, as a worker sends it to the main thread
 * (packed-batch-encode.ts, packed-batch-decode.ts): two transferable buffers and one string,
 * instead of a structured-clone copy of ~60 objects per event. Version 3:
 *
 * - `text`: every string of the batch, concatenated in the order they are first written.
 * - `words` (Int32): `MAGIC`, `VERSION`, the event count, then one stream of values. Per event: a
 *   flags word (`HAS_RECOVERED`), the values of its keys in normaliseEvent's order (`system` as
 *   the values of its 13 keys, or `SAME_SYSTEM`: a copy of the event before's System header, which
 *   the encoder writes when the header's words are those of the last header it wrote in full and
 *   hold only strings the batch had already, integers, nulls and booleans), then `recovered` when flagged.
 * - `floats` (Float64): the numbers that are not int32 (`time_ms`, -0, NaN …), in stream order.
 * - `tally` (optional, structured-cloned): the events of the batch's stretch counted, not packed.
 *
 * A value is one word `w` and what follows it: `w >= 0` is a string seen before in this batch
 * (the `w`-th one interned); `NEW_STRING len` the next `len` UTF-16 units of `text`, interned;
 * `INLINE_STRING len` the same, not interned (long values and event times: rarely repeated); `SAME_AS_TIME`,
 * only as `time_created` or `utc_time`, the event's `time` string (they are nearly always
 * equal); `INT n`; `FLOAT`
 * (the next of `floats`); `ARRAY n` then n values; `NEW_SHAPE k` then k key strings then k values
 * (an object, its key list interned as the next shape); `SHAPE s` then the values of shape `s`'s
 * keys. Keys keep their order; an `undefined` value is kept as one (structured clone does).
 * Interned strings and shapes are shared by every event of the batch that has them, on both sides.
 */
import type { NormalisedEvent, SystemFields } from '../model/event';
import type { TallyRow } from './event-tally';

export interface PackedBatch {
  words: ArrayBuffer;
  floats: ArrayBuffer;
  text: string;
  /** Events counted, not sent (content `'counted'`, event-tally.ts): per host and channel; absent when none. */
  tally?: TallyRow[];
}

export const MAGIC = 0x50424154; // 'PBAT'
export const VERSION = 3;
export const HEADER_WORDS = 3;

export const NULL = -1;
export const UNDEFINED = -2;
export const FALSE = -3;
export const TRUE = -4;
export const INT = -5;
export const FLOAT = -6;
export const NEW_STRING = -7;
export const INLINE_STRING = -8;
export const ARRAY = -9;
export const NEW_SHAPE = -10;
export const SHAPE = -11;
export const SAME_AS_TIME = -12;
export const SAME_SYSTEM = -13;

/** Event flags word. */
export const HAS_RECOVERED = 1;

/**
 * Strings up to this length are interned (every field name and nearly every value: on real logs
 * interning all of them was as fast to encode as interning only short ones, and smaller); longer
 * ones are written where they occur, so no string hashes past V8's hashed length (16383 units:
 * longer strings of one length would all collide).
 */
export const INTERN_MAX_LENGTH = 1024;

/** Nesting of values below an event's fields (the readers stop at 64; a deeper value is an error, not a stack overflow). */
export const MAX_DEPTH = 128;

/** The event's own keys, written in this order (normaliseEvent's; `recovered`, optional, last). */
type EncodedEventKeys = 'evidence' | 'record_id' | 'dest' | 'event_id' | 'channel' | 'time' | 'time_ms' | 'time_source'
  | 'time_created' | 'utc_time' | 'system' | 'data' | 'view' | 'recovered';
type EncodedSystemKeys = 'provider_name' | 'provider_guid' | 'qualifiers' | 'version' | 'level' | 'task' | 'opcode' | 'keywords'
  | 'user_sid' | 'execution_process_id' | 'execution_thread_id' | 'activity_id' | 'related_activity_id';

/** Compile-time: a field added to the event or its System header must be added here and to the codec. */
const EVENT_KEYS_COMPLETE: Exclude<keyof NormalisedEvent, EncodedEventKeys> extends never ? true : never = true;
const SYSTEM_KEYS_COMPLETE: Exclude<keyof SystemFields, EncodedSystemKeys> extends never ? true : never = true;
void EVENT_KEYS_COMPLETE;
void SYSTEM_KEYS_COMPLETE;

/** A packed batch that does not decode: its first problem, with where it is. */
export class PackedBatchError extends Error {
  override readonly name = 'PackedBatchError';
  readonly code = 'packed_batch_invalid';
  constructor(message: string, readonly context: Record<string, number | string> = {}) {
    super(message);
  }
}
