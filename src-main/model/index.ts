/** Public surface of the model. */
export type { RawEvent, EventValue } from './raw-event.ts';
export { emptyRawEvent } from './raw-event.ts';
export type { NormalisedEvent, Provenance, SystemFields, TimeSource } from './event.ts';
export type { CimView, ProcessView, RegistryView, RegistryAction, FilesystemView, FileAction, ImageLoadView, NetworkView, DnsView } from './cim.ts';
export type { Fields, FieldValue, Hashes } from './fields.ts';
export { normaliseEvent, sourceOf, normaliseKeywords } from './normalise.ts';
export { canonicalRegistryPath, canonicalValueName, isDefaultValueName, splitKeyAndValue } from './canonical-registry-path.ts';
export type { CanonicalRegistryPath, RegistryScope, SplitRegistryPath } from './canonical-registry-path.ts';
export { normaliseGuid, isGuid } from './guid.ts';
export { parseUtcTime } from './time.ts';
export type { UtcInstant } from './time.ts';
export { processJoinKey, eventProcessKey, compareEvents } from './join.ts';
