// Test tool: a small EVTX writer (not shipped in the app). See README.md in this folder.
export { EvtxWriter, FLAG_DIRTY } from './writer.ts';
export type { EvtxWriterOptions } from './writer.ts';
export type { DataField, WrittenEvent } from './event.ts';
export * from './values.ts';
export { crc32 } from './crc32.ts';
