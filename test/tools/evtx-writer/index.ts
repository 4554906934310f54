// Test tool: a small EVTX writer (not shipped in the app). See README.md in this folder.
export { EvtxWriter, FLAG_DIRTY } from './writer';
export type { EvtxWriterOptions } from './writer';
export type { DataField, WrittenEvent } from './event';
export * from './values';
export { crc32 } from './crc32';
