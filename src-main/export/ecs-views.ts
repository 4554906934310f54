/**
 * A normalised event's CIM view (model/cim.ts) → the ECS fields Winlogbeat's Sysmon module sets:
 * `process.*` (with `parent.*`), `registry.*`, `file.*`, `source.*`/`destination.*`/`network.*`,
 * `dns.*`, `user.*`, hashes. Every name used here is an ECS field (test/export checks each one
 * against @elastic/ecs).
 */
import type { CimView, RegistryView } from '../model/cim';
import type { Hashes } from '../model/fields';
import { baseName } from '../model/fields';
import { ipOrNull, lowerOrNull, portOrNull, put, type JsonObject } from './ecs-document';
import { putParentProcess, putRegistryValue, putUser } from './ecs-process-registry';
import { isSysmonBinaryData } from '../shared/registry-data';

function hashes(doc: JsonObject, prefix: 'process' | 'file', h: Hashes): void {
  put(doc, `${prefix}.hash.md5`, lowerOrNull(h.md5));
  put(doc, `${prefix}.hash.sha1`, lowerOrNull(h.sha1));
  put(doc, `${prefix}.hash.sha256`, lowerOrNull(h.sha256));
  put(doc, `${prefix}.pe.imphash`, lowerOrNull(h.imphash));
}

/**
 * Sysmon's `Details` (`DWORD (0x00000001)`, `QWORD (0x…-0x…)`, `Binary Data`, or the string) →
 * ECS `registry.data.type` and `registry.data.strings` (numbers as decimal text, as Winlogbeat).
 */
export function registryData(v: RegistryView): { type: string | null; strings: string[] } {
  const d = v.registry_value_data;
  if (v.registry_value_type) return { type: v.registry_value_type, strings: d === null ? [] : [d] };
  if (d === null || v.action === 'deleted' || v.registry_value_name === null) return { type: null, strings: [] };
  const dword = /^DWORD \(0x([0-9a-f]{1,8})\)$/i.exec(d);
  if (dword) return { type: 'REG_DWORD', strings: [String(parseInt(dword[1]!, 16))] };
  const qword = /^QWORD \(0x([0-9a-f]{1,8})-0x([0-9a-f]{1,8})\)$/i.exec(d);
  if (qword) return { type: 'REG_QWORD', strings: [((BigInt(`0x${qword[1]}`) << 32n) | BigInt(`0x${qword[2]}`)).toString()] };
  if (isSysmonBinaryData(d)) return { type: 'REG_BINARY', strings: [] };
  return { type: 'REG_SZ', strings: [d] };
}

function actor(doc: JsonObject, v: CimView): void {
  put(doc, 'process.entity_id', v.process_guid);
  put(doc, 'process.pid', v.process_id);
  put(doc, 'process.executable', v.process_path);
  put(doc, 'process.name', v.process_name ?? baseName(v.process_path));
  putUser(doc, v.user);
}

/** Resolved addresses in Sysmon's `QueryResults` (`type: 5 host;::ffff:10.0.0.1;` …). */
function resolvedIps(answer: string | null): string[] {
  if (answer === null) return [];
  const out = new Set<string>();
  for (const part of answer.split(';')) {
    const ip = ipOrNull(part.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''));
    if (ip !== null) out.add(ip);
  }
  return [...out];
}

export function putViewFields(doc: JsonObject, v: CimView): void {
  actor(doc, v);
  switch (v.kind) {
    case 'process':
      put(doc, 'process.command_line', v.process);
      put(doc, 'process.working_directory', v.process_current_directory);
      put(doc, 'process.pe.original_file_name', v.original_file_name);
      put(doc, 'process.start', v.start_time);
      put(doc, 'process.end', v.end_time);
      putParentProcess(doc, {
        entityId: v.parent_process_guid, pid: v.parent_process_id, executable: v.parent_process_path,
        name: v.parent_process_name ?? baseName(v.parent_process_path), commandLine: v.parent_process,
      });
      hashes(doc, 'process', v);
      return;
    case 'registry': {
      const data = registryData(v);
      putRegistryValue(doc, { path: v.registry_path, keyPath: v.registry_key_name, value: v.registry_value_name, dataType: data.type, dataStrings: data.strings });
      return;
    }
    case 'filesystem':
      put(doc, 'file.path', v.file_path);
      put(doc, 'file.name', v.file_name ?? baseName(v.file_path));
      put(doc, 'file.created', v.file_create_time);
      hashes(doc, 'file', v);
      return;
    case 'image_load':
      put(doc, 'file.path', v.file_path);
      put(doc, 'file.name', v.file_name ?? baseName(v.file_path));
      put(doc, 'file.pe.original_file_name', v.original_file_name);
      put(doc, 'file.code_signature.exists', v.signed);
      put(doc, 'file.code_signature.subject_name', v.signature);
      put(doc, 'file.code_signature.status', v.signature_status);
      hashes(doc, 'file', v);
      return;
    case 'network':
      put(doc, 'network.direction', v.direction);
      put(doc, 'network.transport', v.transport?.toLowerCase() ?? null);
      put(doc, 'source.ip', ipOrNull(v.src_ip));
      put(doc, 'source.port', portOrNull(v.src_port));
      put(doc, 'source.domain', v.src_hostname);
      put(doc, 'destination.ip', ipOrNull(v.dest_ip));
      put(doc, 'destination.port', portOrNull(v.dest_port));
      put(doc, 'destination.domain', v.dest_hostname);
      return;
    case 'dns':
      put(doc, 'dns.question.name', v.query);
      put(doc, 'dns.resolved_ip', resolvedIps(v.answer));
      return;
  }
}
