/** Public surface of the model. */
export type { RawEvent, EventValue } from './raw-event';
export { emptyRawEvent } from './raw-event';
export type { NormalisedEvent, Provenance, SystemFields, TimeSource } from './event';
export type { CimView, ProcessView, RegistryView, RegistryAction, FilesystemView, FileAction, ImageLoadView, NetworkView, DnsView } from './cim';
export type { Fields, FieldValue, Hashes } from './fields';
export { normaliseEvent, sourceOf, normaliseKeywords } from './normalise';
export { canonicalRegistryPath, canonicalValueName, isDefaultValueName, splitKeyAndValue } from './canonical-registry-path';
export type { CanonicalRegistryPath, RegistryScope, SplitRegistryPath } from './canonical-registry-path';
export { normaliseGuid, isGuid } from './guid';
export { parseUtcTime } from './time';
export type { UtcInstant } from './time';
export { processJoinKey, eventProcessKey, compareEvents } from './join';
