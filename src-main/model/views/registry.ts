/** Registry view: Sysmon 12 (create/delete key or value), 13 (set value), 14 (rename key); Security 4657. */
import type { RegistryAction, RegistryView } from '../cim';
import type { Fields } from '../fields';
import { str } from '../fields';
import { canonicalRegistryPath, canonicalValueName, isDefaultValueName, splitKeyAndValue } from '../canonical-registry-path';
import type { ViewContext } from './common';
import { securityActor, sysmonActor } from './common';

/** Security 4657 OperationType message ids. */
const OPERATION_4657: Record<string, RegistryAction> = {
  '%%1904': 'created', // New registry value created
  '%%1905': 'modified', // Existing registry value modified
  '%%1906': 'deleted', // Registry value deleted
};

function build(base: Omit<RegistryView, 'registry_key_canonical' | 'registry_path_canonical' | 'registry_value_is_default' | 'registry_scope' | 'registry_user_sid' | 'registry_wow64' | 'registry_classes_relative'>): RegistryView {
  const c = canonicalRegistryPath(base.registry_key_name);
  const isDefault = base.registry_value_name !== null && isDefaultValueName(base.registry_value_name);
  return {
    ...base,
    registry_key_canonical: c.canonical,
    registry_path_canonical: base.registry_value_name === null ? c.canonical : `${c.canonical}\\${isDefault ? canonicalValueName(base.registry_value_name) : base.registry_value_name.toUpperCase()}`,
    registry_value_is_default: isDefault,
    registry_scope: c.scope,
    registry_user_sid: c.userSid,
    registry_wow64: c.wow64,
    registry_classes_relative: c.classesRelative,
  };
}

export function registryView(f: Fields, ctx: ViewContext): RegistryView | null {
  if (ctx.source === 'sysmon' && (ctx.eventId === 12 || ctx.eventId === 13 || ctx.eventId === 14)) {
    const target = str(f, 'TargetObject');
    if (target === null) return null;
    const type = (str(f, 'EventType') ?? '').toLowerCase();
    // TargetObject names a value for SetValue and DeleteValue; a key for CreateKey, DeleteKey, RenameKey.
    const namesValue = ctx.eventId === 13 || type === 'deletevalue';
    const { key, valueName } = namesValue ? splitKeyAndValue(target) : { key: target, valueName: null };
    let action: RegistryAction;
    if (ctx.eventId === 13) action = 'modified';
    else if (ctx.eventId === 14) action = 'renamed';
    else action = type.startsWith('delete') ? 'deleted' : 'created';
    return build({
      kind: 'registry', action, ...sysmonActor(f, ctx),
      registry_path: target, registry_key_name: key, registry_value_name: valueName,
      registry_value_data: ctx.eventId === 13 ? str(f, 'Details') : null,
      registry_value_type: null,
      registry_new_name: ctx.eventId === 14 ? str(f, 'NewName') : null,
    });
  }
  if (ctx.source === 'security' && ctx.eventId === 4657) {
    const key = str(f, 'ObjectName');
    if (key === null) return null;
    const rawValue = f['ObjectValueName'];
    const valueName = typeof rawValue === 'string' ? (rawValue.trim() === '-' ? null : rawValue) : null;
    const op = str(f, 'OperationType') ?? '';
    return build({
      kind: 'registry', action: OPERATION_4657[op.trim()] ?? 'modified', ...securityActor(f, ctx),
      // Composed like Sysmon's TargetObject; the unnamed value is spelled `(Default)` as Sysmon does.
      registry_path: valueName === null ? key : `${key}\\${valueName === '' ? '(Default)' : valueName}`,
      registry_key_name: key, registry_value_name: valueName,
      registry_value_data: str(f, 'NewValue'),
      registry_value_type: str(f, 'NewValueType'),
      registry_new_name: null,
    });
  }
  return null;
}
