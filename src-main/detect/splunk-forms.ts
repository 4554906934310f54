/**
 * The forms the Splunk Sysmon add-on gives CIM fields, so a finding's row reads like the
 * analytic's stats table (`user` without its domain, `registry_key_name` as the key's own name).
 */
import type { Scalar } from './conditions';

/** CIM `user` as the Splunk Sysmon add-on derives it: the account name without its domain. */
export function cimUser(u: string | null | undefined): string | null {
  if (u === null || u === undefined || u.trim() === '') return null;
  const i = u.lastIndexOf('\\');
  return i >= 0 ? u.slice(i + 1) : u;
}

/**
 * CIM `registry_key_name` as the Splunk Sysmon add-on derives it: the key's own name (last segment
 * of the key path, trailing separators ignored). Read from the end in one pass: the key path is
 * the evidence's, and the regular expression this replaced (`/\\+$/`) backtracked over every run
 * of separators not at the end, quadratic in its length (40,000 of them: 1.6 s, for each event).
 */
export function cimKeyName(keyPath: string | null | undefined): string {
  if (!keyPath) return '';
  let end = keyPath.length;
  while (end > 0 && keyPath.charCodeAt(end - 1) === 0x5c) end--;
  if (end === 0) return '';
  return keyPath.slice(keyPath.lastIndexOf('\\', end - 1) + 1, end);
}

/** Splunk's form of a group-by field (the table's columns); other fields as they are. */
export function splunkForm(field: string, v: Scalar | undefined): Scalar {
  if (field === 'user') return cimUser(v as string | null);
  if (field === 'registry_key_name') return cimKeyName(v as string | null);
  return v ?? null;
}

/** A field value as text; null and missing are ''. */
export function str(v: Scalar | undefined): string {
  return v === null || v === undefined ? '' : String(v);
}
