export { JsonEventReader, readJsonEvents, readJsonEventsBytes, recordToRawEvent } from './reader.ts';
export type { JsonReadEvent, JsonReaderOptions, JsonReadResult, JsonShape, ShapeResult } from './reader.ts';
export type { JsonMode } from './splitter.ts';
export { parseSysmonMessage } from './shapes/winlogbeat.ts';

/**
 * Issue codes of the JSON reader that are warnings; every other `json.*` code is an error
 * (a record was lost): `json.bad_record`, `json.bad_line`, `json.not_an_event`,
 * `json.record_too_long`, `json.depth_exceeded`, `json.truncated`, `json.too_many_issues`.
 */
export const JSON_WARNING_CODES: ReadonlySet<string> = new Set(['json.time_from_receipt', 'json.event_field']);
