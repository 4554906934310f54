export { JsonEventReader, readJsonEvents, readJsonEventsBytes, recordToRawEvent } from './reader.ts';
export type { JsonReadEvent, JsonReaderOptions, JsonReadResult, JsonShape, ShapeResult } from './reader.ts';
export type { JsonMode } from './splitter.ts';
export { parseSysmonMessage } from './shapes/winlogbeat.ts';
