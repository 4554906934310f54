/**
 * A Windows event as read from any source (binary EVTX, Event XML, JSON), before normalisation.
 *
 * The shape follows the `<System>` element of the Event schema (MS-EVEN6 / event.xsd) plus
 * `<EventData>` or `<UserData>`. Every reader (ingest/evtx, ingest/xml, ingest/json) produces
 * this shape; `model/` turns it into the normalised event with its CIM views. Values are kept
 * verbatim as the source wrote them; only the container shape is unified.
 */
/**
 * Why a record read from a binary EVTX file is not an allocated record of its chunk (libevtx
 * "recovered" items): its id is outside the chunk header's range (an older generation of a
 * reused chunk), it lies in the slack after the free-space offset, or its chunk has a damaged
 * signature. Real evidence, returned flagged.
 */
export type RecoveredReason = 'outside-chunk-range' | 'slack' | 'damaged-chunk';

export type EventValue = string | number | boolean | null | EventValue[] | { [key: string]: EventValue };

export interface RawEvent {
  EventRecordID: number | null;
  /** UTC, ISO-8601 with the source's full precision, e.g. `2019-05-21T00:35:07.3750000Z` (100 ns). */
  TimeCreated: string | null;
  EventID: number | null;
  Qualifiers: number | null;
  Version: number | null;
  Level: number | null;
  Task: number | null;
  Opcode: number | null;
  /** As rendered by the source, usually hex: `0x8000000000000000`. */
  Keywords: string | null;
  Provider: { Name: string | null; Guid: string | null; EventSourceName: string | null };
  Channel: string | null;
  Computer: string | null;
  Security: { UserID: string | null };
  Execution: { ProcessID: number | null; ThreadID: number | null };
  Correlation: { ActivityID: string | null; RelatedActivityID: string | null };
  /**
   * `<EventData>`: `Data Name="X"` → `EventData.X`. Unnamed `<Data>` elements are kept in order
   * as an array under the key `Data`. `null` when the event has no EventData.
   */
  EventData: Record<string, EventValue> | null;
  /** `<UserData>`: the nested element tree as objects (element name → content). */
  UserData: Record<string, EventValue> | null;
  /** Set only on records recovered from a binary EVTX file (absent on allocated records). */
  recovered?: RecoveredReason;
}

/** An empty RawEvent, for readers that fill fields as they find them. */
export function emptyRawEvent(): RawEvent {
  return {
    EventRecordID: null, TimeCreated: null, EventID: null, Qualifiers: null, Version: null, Level: null,
    Task: null, Opcode: null, Keywords: null,
    Provider: { Name: null, Guid: null, EventSourceName: null },
    Channel: null, Computer: null, Security: { UserID: null },
    Execution: { ProcessID: null, ThreadID: null },
    Correlation: { ActivityID: null, RelatedActivityID: null },
    EventData: null, UserData: null,
  };
}
