/**
 * The ECS fields an event's view (ecs-views.ts) and a finding (ecs-findings.ts) both carry, mapped
 * once: the user (`user.name`/`user.domain`), the parent process (`process.parent.*`) and the
 * registry value (`registry.*`, with ECS's hive abbreviations). ECS field reference:
 * https://www.elastic.co/guide/en/ecs/current/ecs-registry.html, ecs-process.html, ecs-user.html.
 * Fields are put in a fixed order (the JSON's key order) and empty ones are left out (`put`).
 */
import { put, splitDomainUser, type JsonObject } from './ecs-document';

/** `DOMAIN\name` → `user.name` and `user.domain`. */
export function putUser(doc: JsonObject, user: string | null): void {
  const u = splitDomainUser(user);
  put(doc, 'user.name', u.name);
  put(doc, 'user.domain', u.domain);
}

/** The parent process as ECS names it (`process.parent.*`); a field the caller does not know is null. */
export interface ParentProcess {
  entityId: string | null;
  pid: number | null;
  executable: string | null;
  name: string | null;
  commandLine: string | null;
}

export function putParentProcess(doc: JsonObject, p: ParentProcess): void {
  put(doc, 'process.parent.entity_id', p.entityId);
  put(doc, 'process.parent.pid', p.pid);
  put(doc, 'process.parent.executable', p.executable);
  put(doc, 'process.parent.name', p.name);
  put(doc, 'process.parent.command_line', p.commandLine);
}

/** Registry roots as Sysmon, Security and `reg.exe` spell them → ECS `registry.hive` abbreviations. */
const HIVES: [RegExp, string][] = [
  [/^(?:HKLM|HKEY_LOCAL_MACHINE|\\REGISTRY\\MACHINE)(?:\\|$)/i, 'HKLM'],
  [/^(?:HKU|HKEY_USERS|\\REGISTRY\\USER)(?:\\|$)/i, 'HKU'],
  [/^(?:HKCU|HKEY_CURRENT_USER)(?:\\|$)/i, 'HKCU'],
  [/^(?:HKCR|HKEY_CLASSES_ROOT)(?:\\|$)/i, 'HKCR'],
  [/^(?:HKCC|HKEY_CURRENT_CONFIG)(?:\\|$)/i, 'HKCC'],
];

/** `HKLM\SOFTWARE\x` → `{hive: 'HKLM', key: 'SOFTWARE\x'}`; an unknown root keeps the whole path as the key. */
export function splitHive(keyPath: string): { hive: string | null; key: string } {
  for (const [re, hive] of HIVES) {
    const m = re.exec(keyPath);
    if (m) return { hive, key: keyPath.slice(m[0].length) };
  }
  return { hive: null, key: keyPath };
}

/** A registry key or value as ECS describes it: the full path, the key's path, the value's name, type and data. */
export interface RegistryValue {
  path: string;
  keyPath: string;
  value: string | null;
  dataType: string | null;
  dataStrings: string[];
}

export function putRegistryValue(doc: JsonObject, r: RegistryValue): void {
  const { hive, key } = splitHive(r.keyPath);
  put(doc, 'registry.path', r.path);
  put(doc, 'registry.hive', hive);
  put(doc, 'registry.key', key);
  put(doc, 'registry.value', r.value);
  put(doc, 'registry.data.type', r.dataType);
  put(doc, 'registry.data.strings', r.dataStrings);
}
