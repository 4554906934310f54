/**
 * The demo evidence with its Sysmon logs as Event XML, each event preceded by a System-channel copy
 * of it (same record id): a file of two channels that repeats record ids, as an Event Viewer export
 * of several logs does. For the detail pass's identity tests (case/detail-events.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseEvtxBytes } from '../../src-main/ingest/evtx/index';
import { REPO_ROOT } from './paths';
import { tempEvidenceFolder } from './temp-evidence';

export const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

/** A new folder in the OS temp dir (as tempEvidenceFolder) holding the demo so rewritten. */
export function demoWithSystemCopies(): string {
  const demo = path.join(REPO_ROOT, 'assets/demo-evidence');
  const files: Record<string, Uint8Array | string> = {};
  for (const host of ['DC01', 'WS-FIN-07', 'WS-HR-02']) {
    for (const name of readdirSync(path.join(demo, host))) {
      const bytes = readFileSync(path.join(demo, host, name));
      if (!name.startsWith('Microsoft-Windows-Sysmon')) { files[`${host}/${name}`] = bytes; continue; }
      const events = parseEvtxBytes(bytes, { xml: true }).xml.map((ev) => ev
        .replace(/Name="Microsoft-Windows-Sysmon"|Name='Microsoft-Windows-Sysmon'/, "Name='Service Control Manager'")
        .replace(`<Channel>${SYSMON_CHANNEL}</Channel>`, '<Channel>System</Channel>') + ev);
      files[`${host}/sysmon.xml`] = `<Events>${events.join('')}</Events>`;
    }
  }
  return tempEvidenceFolder(files);
}
