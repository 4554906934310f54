/**
 * An incident section stays a few pages (pdf-incident.ts): a process with many children lists
 * its ancestors, itself and the first children, then counts the rest; events that name no process
 * (a logon, a service install) get one line instead of an empty timeline, tree and process box.
 */
import { describe, expect, it } from 'vitest';
import type { CaseFinding, ProcessNode } from '../../src-main/shared/contract';
import { renderReportPdf } from '../../src-main/report/render-report';
import { MAX_INCIDENT_TREE_CHILDREN } from '../../src-main/report/report-incidents';
import { demoRequest, demoScan, REGSVR_GUID, sigmaFinding } from './demo-case';
import { extractPages, squash } from './pdf-inspect';

async function report(findings: CaseFinding[]): Promise<{ text: string; pages: number }> {
  const pdf = await renderReportPdf(demoRequest({ scan: { ...demoScan(), findings }, annotations: {} }));
  const pages = await extractPages(pdf);
  return { text: squash(pages.map((p) => p.text).join('')), pages: pages.length };
}

const high = (f: CaseFinding): CaseFinding => ({ ...f, level: 'high', risk_score: 73, sigma: { ...f.sigma!, level: 'high' } });

const node = (relation: ProcessNode['relation'], name: string, i: number): ProcessNode => ({
  relation, process_name: name, process_guid: `{B3C1E7A2-0000-6AFC-${String(i).padStart(4, '0')}-000000000700}`,
  start_time: '2026-11-17T09:41:35.000Z', end_time: null, process: `${name} /child ${i}`, depth: relation === 'child' ? 1 : 0,
} as ProcessNode);

describe('an incident section', () => {
  it('lists the process tree\'s ancestors and the process, then the first children and how many more', async () => {
    const f = high(sigmaFinding(2));
    const children = Array.from({ length: 60 }, (_, i) => node('child', 'cmd.exe', i));
    f.pivots = { ...f.pivots, tree: [node('ancestor', 'explorer.exe', 900), { ...node('self', 'regsvr32.exe', 901), process_guid: REGSVR_GUID }, ...children] };
    const { text } = await report([f]);
    expect(text).toContain(squash('explorer.exe'));
    expect(text).toContain(squash(`cmd.exe /child ${MAX_INCIDENT_TREE_CHILDREN - 1}`));
    // The next child's command line is followed by its start time in the table.
    expect(text).not.toContain(squash(`/child ${MAX_INCIDENT_TREE_CHILDREN}2026-11-17`));
    expect(text).toContain(squash(`/child ${MAX_INCIDENT_TREE_CHILDREN - 1}2026-11-17`));
    expect(text).toContain(squash(`${60 - MAX_INCIDENT_TREE_CHILDREN} more child processes not listed (the JSON export has them all).`));
  });

  it('says once that events naming no process have no timeline, tree or parallel processes', async () => {
    const f = high(sigmaFinding(3));
    Object.assign(f, { process_guid: '', process_name: '', process_path: null, process: null, parent_process_name: null, parent_process: null, user: null });
    f.events = f.events!.map((e) => ({ ...e, process_guid: null }));
    f.pivots = { ...f.pivots, timeline: [], tree: [], parallel: [], dll_created_by: [], dll_loaded_by: [] };
    const { text } = await report([f]);
    expect(text).toContain(squash('Process not named by the matched events'));
    expect(text).toContain(squash('The matched events name no process, so there is no process timeline, process tree or parallel processes for this incident.'));
    expect(text).not.toContain(squash('Process timeline of'));
    expect(text).not.toContain(squash('Process tree of'));
    expect(text).not.toContain(squash('Command line —'));
  });
});
