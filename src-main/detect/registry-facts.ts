/**
 * COM facts of a registry event, on top of the model's canonical path: the CLSID, the server
 * subkey (`INPROCSERVER32`, `LOCALSERVER32`, `TREATAS`, `SCRIPTLETURL`, …), whether the value is
 * the default value in any spelling, and the server file written, normalised.
 *
 * Default-value spellings (the model already maps `(Default)`, `(default)`, empty, `@` and
 * localized regedit labels): this module adds the ones a ruleset declares (e.g. `Default`) and
 * the *missing* value name: a value write whose TargetObject ends at the server key itself
 * (`…\CLSID\{…}\InProcServer32` with data) is read as the default value of that key. The model
 * splits such a path into key `…\{…}` + value `InProcServer32`; this module undoes that split.
 */
import type { RegistryView } from '../model/cim';
import { canonicalRegistryPath, isDefaultValueName } from '../model/canonical-registry-path';
import { fileNameOf, normaliseFilePath } from './paths';
import { isSysmonBinaryData } from '../shared/registry-data';

/** Subkeys of `CLSID\{…}` that name what COM loads or redirects to. */
const COM_SERVER_SUBKEYS = new Set(['INPROCSERVER32', 'INPROCSERVER', 'LOCALSERVER32', 'LOCALSERVER', 'INPROCHANDLER32', 'TREATAS', 'SCRIPTLETURL', 'PROGID', 'AUTOCONVERTTO']);

export interface RegistryFacts {
  /** The key path as the rules see it (as written; extended by the server key when the value name was missing). */
  registry_key_name: string;
  registry_value_name: string | null;
  registry_key_canonical: string;
  registry_path_canonical: string;
  registry_value_is_default: boolean;
  /** How the default value was spelled: `as_written`, `missing` (TargetObject ended at the key), or null. */
  default_spelling: 'as_written' | 'missing' | null;
  registry_scope: 'user' | 'machine' | 'unknown';
  /** As written in the path, braces included (compare with normaliseGuid). */
  clsid: string | null;
  com_subkey: string | null;
  /** Normalised file the value points to (InprocServer32/LocalServer32 default, CodeBase…), else null. */
  server_path: string | null;
  server_file_name: string | null;
}

const CLSID_RE = /\\CLSID\\(\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\})(?:\\([^\\]+))?/i;

function isDefaultSpelling(name: string | null, extra: ReadonlySet<string>): boolean {
  if (name === null) return false;
  return isDefaultValueName(name) || extra.has(name.trim().toLowerCase());
}

/** True when the text looks like a file path or file name (not a GUID, number or word). */
function looksLikeFile(text: string): boolean {
  const t = text.trim();
  if (/^\{?[0-9a-f-]{36}\}?$/i.test(t)) return false;
  if (/^(dword|qword) \(/i.test(t)) return false;
  return /[\\/]/.test(t) || /\.[a-z0-9]{2,4}(?=["\s,]|$)/i.test(t);
}

export function registryFacts(v: RegistryView, extraDefaultSpellings: ReadonlySet<string>): RegistryFacts {
  let key = v.registry_key_name;
  let valueName = v.registry_value_name;
  let keyCanonical = v.registry_key_canonical;
  let spelling: RegistryFacts['default_spelling'] = null;
  // Missing value name: a value write (data present) whose last segment is a COM server subkey
  // directly under CLSID\{…}.
  if (valueName !== null && v.action !== 'deleted' && v.registry_value_data !== null && COM_SERVER_SUBKEYS.has(valueName.toUpperCase())) {
    const m = /\\CLSID\\\{[0-9A-F-]{36}\}$/i.exec(keyCanonical);
    if (m) {
      key = v.registry_path;
      keyCanonical = canonicalRegistryPath(key).canonical;
      valueName = '';
      spelling = 'missing';
    }
  }
  const isDefault = spelling === 'missing' || isDefaultSpelling(valueName, extraDefaultSpellings);
  if (isDefault && spelling === null) spelling = 'as_written';
  const pathCanonical = valueName === null ? keyCanonical : `${keyCanonical}\\${isDefault ? '(Default)' : valueName}`;
  // The CLSID as written (Splunk users search it as they see it); comparisons normalise it.
  const m = CLSID_RE.exec(key);
  const clsid = m ? m[1]! : null;
  const sub = m && m[2] ? m[2].toUpperCase() : null;
  let server: string | null = null;
  // Sysmon's "Binary Data" stands for a REG_BINARY value it does not show: not a path (shared/registry-data.ts).
  const data = isSysmonBinaryData(v.registry_value_data) ? null : v.registry_value_data;
  if (data !== null && sub !== null && (sub === 'INPROCSERVER32' || sub === 'LOCALSERVER32' || sub === 'INPROCSERVER' || sub === 'LOCALSERVER' || sub === 'INPROCHANDLER32')) {
    if ((isDefault || /^codebase$/i.test(valueName ?? '')) && looksLikeFile(data)) server = normaliseFilePath(data);
  } else if (data !== null && sub === 'SCRIPTLETURL' && isDefault) {
    // A scriptlet URL may be a file (file:, a path) or a remote URL; only files feed the DLL pivot.
    server = /^[a-z][a-z0-9+.-]*:\/\//i.test(data.trim()) && !/^file:/i.test(data.trim()) ? null : normaliseFilePath(data);
  } else if (data !== null && valueName !== null && looksLikeFile(data) && /[\\/]/.test(data)) {
    server = normaliseFilePath(data);
  }
  return {
    registry_key_name: key,
    registry_value_name: valueName,
    registry_key_canonical: keyCanonical,
    registry_path_canonical: pathCanonical,
    registry_value_is_default: isDefault,
    default_spelling: isDefault ? spelling : null,
    registry_scope: v.registry_scope,
    clsid,
    com_subkey: sub,
    server_path: server,
    server_file_name: fileNameOf(server),
  };
}
