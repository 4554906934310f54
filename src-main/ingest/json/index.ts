export { JsonEventReader, readJsonEvents, readJsonEventsBytes } from './reader';
export { parseSysmonMessage } from './shapes/winlogbeat';

/**
 * Issue codes of the JSON reader that are warnings (marked `severity: 'warning'`); every other `json.*` code is an error
 * (a record was lost): `json.bad_record`, `json.bad_line`, `json.not_an_event`,
 * `json.record_too_long`, `json.line_too_long`, `json.depth_exceeded`, `json.truncated`.
 */
