/**
 * The field names conditions may use. Rules match on EVENT_FIELDS (CIM registry fields of the
 * model plus COM facts and intel lookups computed in detect/); risk modifiers and suppressions
 * also see FINDING_FIELDS (the process join, cross-event facts, the rule).
 */
export const EVENT_FIELDS: ReadonlySet<string> = new Set([
  // CIM (model RegistryView), as written
  'dest', 'user', 'process_guid', 'process_id', 'process_name', 'process_path',
  'registry_path', 'registry_key_name', 'registry_value_name', 'registry_value_data', 'registry_value_type',
  'registry_action', 'registry_scope', 'registry_user_sid', 'registry_wow64', 'registry_classes_relative',
  // canonical forms (model + detect's default-value spellings)
  'registry_key_canonical', 'registry_path_canonical', 'registry_value_is_default', 'default_spelling',
  // COM facts (registry-facts.ts)
  'clsid', 'com_subkey', 'server_path', 'server_file_name',
  // intel lookups
  'known_bad_family', 'builtin_clsid_name', 'benign_writer', 'benign_writer_reason',
  // provenance
  'event_id', 'channel', 'evidence',
]);

export const FINDING_FIELDS: ReadonlySet<string> = new Set([
  ...EVENT_FIELDS,
  // the join on (dest, process_guid)
  'process', 'parent_process_name', 'parent_process_path', 'parent_process', 'parent_process_guid',
  'process_start_in_evidence', 'process_start_time',
  /** Seconds from the writer's start to the write (null when the start is not in evidence). */
  'writer_start_age_s',
  /** The writer's image is in a user-writable folder (AppData, Temp, Downloads, Desktop, Users\Public, ProgramData…). */
  'writer_in_user_writable_folder',
  /** The same CLSID is also registered machine-wide in the evidence (per-user shadow). */
  'shadows_machine_clsid',
  // finding-only forms
  'user_qualified', 'registry_key_path', 'process_join',
  // the rule
  'rule_id', 'rule_name', 'risk_score',
  /** `builtin` or `sigma`; the level (Sigma's, or the risk score's band for built-in rules, see risk-levels.ts). */
  'source', 'level',
  /** Sigma rules: the rule file (relative to its set), its status, its author. */
  'sigma_path', 'sigma_status', 'rule_author',
]);

/** Folders a standard user can write to (lower-case substrings of normalised paths). */
const USER_WRITABLE_FOLDERS: readonly string[] = [
  '\\appdata\\', '\\temp\\', '\\tmp\\', '\\users\\public\\', '\\programdata\\', '\\downloads\\', '\\desktop\\',
  '\\documents\\', '\\perflogs\\', '\\spool\\drivers\\color\\', '\\start menu\\programs\\startup\\',
  '\\temporary internet files\\', '\\inetcache\\', '\\$recycle.bin\\',
];

export function inUserWritableFolder(normalisedPath: string | null): boolean {
  if (normalisedPath === null) return false;
  const p = normalisedPath.toLowerCase();
  return USER_WRITABLE_FOLDERS.some((f) => p.includes(f)) || /^c:\\users\\[^\\]+\\[^\\]+$/.test(p);
}
