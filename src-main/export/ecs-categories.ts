/**
 * ECS categorisation of Windows events (`event.category`, `event.type`, `event.outcome`,
 * `event.action`), as Winlogbeat's Sysmon module (module/sysmon/ingest/sysmon.yml) and Security
 * module (module/security/ingest/security.yml) set them. Only ECS's allowed values are used
 * (test/export checks them against @elastic/ecs). Events not listed get no category (as there).
 */

export interface EcsCategorisation {
  category: string[];
  type: string[];
  action: string;
  outcome?: 'success' | 'failure';
}

const c = (category: string[], type: string[], action: string, outcome?: 'success' | 'failure'): EcsCategorisation => (
  outcome ? { category, type, action, outcome } : { category, type, action });

/** Sysmon event ids (Sysmon 15 schema). */
const SYSMON: Record<number, EcsCategorisation> = {
  1: c(['process'], ['start'], 'Process Create'),
  2: c(['file'], ['change'], 'File creation time changed'),
  3: c(['network'], ['connection', 'start', 'protocol'], 'Network connection detected'),
  4: c(['process'], ['change'], 'Sysmon service state changed'),
  5: c(['process'], ['end'], 'Process terminated'),
  6: c(['driver'], ['start'], 'Driver loaded'),
  7: c(['process'], ['change'], 'Image loaded'),
  8: c(['process'], ['change'], 'CreateRemoteThread detected'),
  9: c(['process'], ['access'], 'RawAccessRead detected'),
  10: c(['process'], ['access'], 'Process accessed'),
  11: c(['file'], ['creation'], 'File created'),
  12: c(['configuration', 'registry'], ['change'], 'Registry object added or deleted'),
  13: c(['configuration', 'registry'], ['change'], 'Registry value set'),
  14: c(['configuration', 'registry'], ['change'], 'Registry object renamed'),
  15: c(['file'], ['creation'], 'File stream created'),
  16: c(['configuration'], ['change'], 'Sysmon config state changed'),
  17: c(['file'], ['creation'], 'Pipe Created'),
  18: c(['file'], ['access'], 'Pipe Connected'),
  19: c(['process'], ['change'], 'WmiEventFilter activity detected'),
  20: c(['process'], ['change'], 'WmiEventConsumer activity detected'),
  21: c(['process'], ['change'], 'WmiEventConsumerToFilter activity detected'),
  22: c(['network'], ['connection', 'protocol', 'info'], 'Dns query'),
  23: c(['file'], ['deletion'], 'File Delete archived'),
  24: c(['process'], ['change'], 'Clipboard changed'),
  25: c(['process'], ['change'], 'Process Tampering'),
  26: c(['file'], ['deletion'], 'File Delete logged'),
  27: c(['file'], ['creation', 'denied'], 'File Block Executable'),
  28: c(['file'], ['deletion', 'denied'], 'File Block Shredding'),
  29: c(['file'], ['creation'], 'File Executable Detected'),
};

/** Security auditing event ids (the common ones Winlogbeat's Security module categorises). */
const SECURITY: Record<number, EcsCategorisation> = {
  1102: c(['iam'], ['admin', 'change'], 'audit-log-cleared'),
  4624: c(['authentication'], ['start'], 'logged-in', 'success'),
  4625: c(['authentication'], ['start'], 'logon-failed', 'failure'),
  4634: c(['authentication'], ['end'], 'logged-out', 'success'),
  4647: c(['authentication'], ['end'], 'logged-out', 'success'),
  4648: c(['authentication'], ['start'], 'logged-in-explicit', 'success'),
  4656: c(['file'], ['access'], 'object-handle-requested'),
  4657: c(['configuration', 'registry'], ['change'], 'registry-value-modified'),
  4663: c(['file'], ['access'], 'object-access-attempted'),
  4672: c(['iam'], ['admin'], 'logged-in-special', 'success'),
  4688: c(['process'], ['start'], 'created-process', 'success'),
  4689: c(['process'], ['end'], 'exited-process', 'success'),
  4697: c(['iam', 'configuration'], ['admin', 'change'], 'service-installed', 'success'),
  4698: c(['iam', 'configuration'], ['creation', 'admin'], 'scheduled-task-created', 'success'),
  4720: c(['iam'], ['user', 'creation'], 'added-user-account', 'success'),
  4726: c(['iam'], ['user', 'deletion'], 'deleted-user-account', 'success'),
  4732: c(['iam'], ['group', 'change'], 'added-member-to-group', 'success'),
  4768: c(['authentication'], ['start'], 'kerberos-authentication-ticket-requested'),
  4769: c(['authentication'], ['start'], 'kerberos-service-ticket-requested'),
  4776: c(['authentication'], ['start'], 'credential-validated'),
  5140: c(['network', 'file'], ['info', 'access'], 'network-share-object-accessed'),
  5145: c(['network', 'file'], ['info', 'access'], 'network-share-object-access-checked'),
};

export function ecsCategorisation(source: 'sysmon' | 'security' | 'other', eventId: number | null): EcsCategorisation | null {
  if (eventId === null) return null;
  if (source === 'sysmon') return SYSMON[eventId] ?? null;
  if (source === 'security') return SECURITY[eventId] ?? null;
  return null;
}
