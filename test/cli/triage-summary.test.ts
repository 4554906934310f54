/** The triage's console text: counts that say what they count, sizes in MB, Sysmon's "Binary Data" said plainly. */
import { describe, expect, it } from 'vitest';
import { formatProgress, summaryLines } from '../../src-main/cli/triage-summary';
import type { ProgressEvent } from '../../src-main/shared/contract';
import { syntheticRun } from './synthetic-run';

const NO_OUTPUTS = { json: null, csv: null, pdf: null, events: null, eventsFormat: null, findings: null, findingsFormat: null } as const;

function progress(p: Partial<ProgressEvent>): ProgressEvent {
  return { jobId: 'cli', phase: 'reading', filesDone: 2, filesTotal: 32, bytesDone: 26_000_000, bytesTotal: 48_400_000, events: 79022, currentFile: null, eventsPerSecond: 0, files: [], ...p };
}

describe('formatProgress', () => {
  it('names what the file counter counts in each phase, sizes in MB', () => {
    expect(formatProgress(progress({}))).toBe('  reading    53%  2/32 files read for events  26.0 MB of 48.4 MB  79022 events');
    expect(formatProgress(progress({ phase: 'done', filesDone: 32 }))).toMatch(/ 32\/32 files read for events /);
    expect(formatProgress(progress({ phase: 'hashing', filesDone: 5, filesTotal: 33 }))).toMatch(/ 5\/33 files hashed /);
    // Listing knows no totals yet: no "0/0 files".
    expect(formatProgress(progress({ phase: 'listing', filesDone: 0, filesTotal: 0, bytesTotal: 0, bytesDone: 0 }))).toBe('  listing   listing the folder');
  });
});

describe('summaryLines', () => {
  it('lists each row with its size in MB and what it is; the total says what the rows are', () => {
    const run = syntheticRun(1);
    run.scan.evidence = [
      { ...run.scan.evidence[0]!, path: 'Security.evtx', bytes: 63_525_931 },
      { ...run.scan.evidence[0]!, path: 'logs.zip', format: 'zip', bytes: 695_021 },
      { ...run.scan.evidence[0]!, path: 'logs.zip!/a.json', archive: 'logs.zip', format: 'jsonl', bytes: 14_941_654 },
      { ...run.scan.evidence[0]!, path: 'SOURCES.md', format: 'unknown', records: null, bytes: 56_267 },
    ];
    const lines = summaryLines(run, NO_OUTPUTS);
    const row = (p: string) => lines.find((l) => l.includes(p))!;
    expect(row('Security.evtx')).toMatch(/^ {2}evtx {6}63\.5 MB {2}a{64} {2}Security\.evtx {2}\(1 event\)$/);
    expect(row('logs.zip!/a.json')).toMatch(/14\.9 MB .*a\.json {2}\(archive member, 1 event\)$/);
    expect(row('SOURCES.md')).toMatch(/0\.056 MB .*SOURCES\.md {2}\(not evidence: hashed, not read\)$/);
    expect(lines.join('\n')).not.toMatch(/\b63525931\b/);
    const total = lines.find((l) => l.startsWith('4 rows'))!;
    expect(total).toMatch(/^4 rows: 2 files read for events \(1 archive among them\), 1 archive member listed as a row of its own, 1 file skipped as not evidence \(hashed, not read\); [\d.]+ MB, /);
  });

  it("shows Sysmon's \"Binary Data\" as a binary value, not as if it were the DLL", () => {
    const run = syntheticRun(1);
    run.scan.findings = [{ ...run.scan.findings[0]!, suppressed: false, registry_value_data: 'Binary Data' }];
    const line = summaryLines(run, NO_OUTPUTS).find((l) => l.startsWith('  ['))!;
    expect(line).toMatch(/ = binary value, not shown by Sysmon$/);
  });
});
