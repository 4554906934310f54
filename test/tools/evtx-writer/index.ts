// Test tool: a small EVTX writer (not shipped in the app). See README.md in this folder.
export { EvtxWriter } from './writer';
export type { WrittenEvent } from './event';
export * from './values';
