/** Public surface of the model. */
export type { RawEvent } from './raw-event';
export { emptyRawEvent } from './raw-event';
export type { NormalisedEvent } from './event';
export { normaliseEvent } from './normalise';
