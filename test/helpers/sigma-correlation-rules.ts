/**
 * Crafted Sigma correlation rules and the process starts they correlate, for the correlation
 * tests of both tiers (test/detect/sigma-correlations.test.ts, test/corpus/detect/
 * sigma-correlations.test.ts): three base rules (powershell, whoami, net started), an
 * `event_count` correlation grouped by User and a `temporal_ordered` one grouped by Computer
 * (Sigma correlation specification v2), two documents the loader must refuse, a Sysmon 1 builder,
 * and the rules loaded from a temp folder as `--rules DIR` loads them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULT_SIGMA_LOADER, loadTriageRules } from '../../src-main/case/triage-rules';
import type { TriageRules } from '../../src-main/case/triage-rules';
import { DetectionSession, emptySuppressions } from '../../src-main/detect/index';
import type { DetectionResult, SuppressionList } from '../../src-main/detect/index';
import type { NormalisedEvent } from '../../src-main/model/index';
import { sysmon } from '../detect/helpers';

export const BASE = `
title: PowerShell started
id: 0b7e0f55-0000-4000-8000-000000000001
name: ps_start
status: test
level: low
author: Base Author
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\powershell.exe' }
  condition: selection
---
title: Whoami started
id: 0b7e0f55-0000-4000-8000-000000000002
name: whoami_start
status: test
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
---
title: Net started
id: 0b7e0f55-0000-4000-8000-000000000003
name: net_start
status: test
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\net.exe' }
  condition: selection
`;

export const CORRELATIONS = `
title: Many PowerShell starts by one user
id: 0b7e0f55-0000-4000-8000-0000000000c1
status: experimental
level: high
author: Corr Author
tags: [attack.execution, attack.t1059.001]
correlation:
  type: event_count
  rules: [ps_start]
  group-by: [User]
  timespan: 5m
  condition: { gte: 3 }
---
title: Recon in order on one host
id: 0b7e0f55-0000-4000-8000-0000000000c2
level: medium
author: Corr Author
correlation:
  type: temporal_ordered
  rules: [whoami_start, net_start]
  group-by: [Computer]
  timespan: 10m
  generate: true
`;

/** A correlation type we do not run (value_sum) and one naming a rule nobody has: both refused at load. */
const BAD = `
title: Sum of bytes
id: 0b7e0f55-0000-4000-8000-0000000000b1
correlation:
  type: value_sum
  rules: [ps_start]
  group-by: [User]
  timespan: 5m
  condition: { gte: 3, field: Bytes }
---
title: Names a rule nobody has
id: 0b7e0f55-0000-4000-8000-0000000000b2
correlation:
  type: event_count
  rules: [no_such_rule]
  timespan: 5m
  condition: { gte: 1 }
`;

export const PS = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
export const WHOAMI = 'C:\\Windows\\System32\\whoami.exe';
export const NET = 'C:\\Windows\\System32\\net.exe';

let record = 0;
/** A record id no other crafted event of this test file has. */
export function nextRecordId(): number {
  return ++record;
}

/** A Sysmon process start at 10:MM:SS on `host`. */
export function start(host: string, image: string, at: string, user = 'CORP\\alice'): NormalisedEvent {
  const id = nextRecordId();
  return sysmon(1, host, {
    UtcTime: `2026-03-01 10:${at}.000`, ProcessGuid: `{11111111-0000-0000-0000-${String(id).padStart(12, '0')}}`, ProcessId: String(1000 + id),
    Image: image, CommandLine: image, User: user, ParentProcessGuid: '{11111111-0000-0000-0000-999999999999}', ParentImage: 'C:\\Windows\\explorer.exe',
  }, id);
}

/**
 * Writes BASE, CORRELATIONS and BAD into a temp folder before the file's tests and loads it as
 * `--rules` would (no bundled set, every level); removes the folder after. Returns the loaded rules
 * (call it inside a test or a later hook).
 */
export function loadedCorrelationRules(): () => TriageRules {
  let dir = '';
  let rules: TriageRules | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'corr-wire-'));
    writeFileSync(path.join(dir, 'base.yml'), BASE);
    writeFileSync(path.join(dir, 'correlations.yml'), CORRELATIONS);
    writeFileSync(path.join(dir, 'bad.yml'), BAD);
    rules = await loadTriageRules({ paths: [dir], bundledSigma: false, minLevel: 'informational' }, DEFAULT_SIGMA_LOADER);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return () => {
    if (rules === undefined) throw new Error('the correlation rules are loaded in beforeAll: read them in a test');
    return rules;
  };
}

/** The events through a detection session with the rules' Sigma set (and correlations unless told not), newest first, one per batch: arrival order must not matter. */
export function detectWithCorrelations(rules: TriageRules, events: NormalisedEvent[], sups: SuppressionList = emptySuppressions(), withCorrelations = true): DetectionResult {
  const s = new DetectionSession(rules.ruleset, rules.intel, sups, { sigma: rules.sigma, sigmaCorrelations: withCorrelations ? rules.correlations : null });
  for (const e of [...events].reverse()) s.add([e]);
  return s.finish();
}

/** The correlation findings of a result (not the base rules'). */
export const correlationFindings = (r: DetectionResult) => r.findings.filter((f) => f.sigma?.correlation !== undefined);
