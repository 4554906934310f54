/**
 * Field values are attacker-controlled and may be long (an event string can hold 64 KB): a
 * group key or a counted value longer than MAX_VALUE_CHARS is kept as its SHA-256 and length, so
 * that memory per kept hit stays bounded while equal values still compare equal (and different
 * ones differ, but for a hash collision). The value shown in a match's `group` is cut instead.
 */
import { createHash } from 'node:crypto';

export const MAX_VALUE_CHARS = 256;

export function boundedKey(v: string): string {
  return v.length <= MAX_VALUE_CHARS ? v : `\u0000sha256:${createHash('sha256').update(v).digest('hex')}:${v.length}`;
}

export function shownValue(v: string): string {
  return v.length <= MAX_VALUE_CHARS ? v : `${v.slice(0, MAX_VALUE_CHARS)}… (${v.length} characters)`;
}
