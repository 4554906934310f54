export { JsonEventReader, readJsonEvents, readJsonEventsBytes, recordToRawEvent } from './reader';
export type { JsonReadEvent, JsonReaderOptions, JsonReadResult, JsonShape, ShapeResult } from './reader';
export type { JsonMode } from './splitter';
export type { UnstoredIssues } from '../issue-samples';
export { parseSysmonMessage } from './shapes/winlogbeat';

/**
 * Issue codes of the JSON reader that are warnings (marked `severity: 'warning'`); every other `json.*` code is an error
 * (a record was lost): `json.bad_record`, `json.bad_line`, `json.not_an_event`,
 * `json.record_too_long`, `json.line_too_long`, `json.depth_exceeded`, `json.truncated`.
 */
export { JSON_WARNINGS as JSON_WARNING_CODES } from './reader';
