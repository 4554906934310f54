/** One event explorer per open desk, kept while the desk lives (switching tabs keeps its index and filters). */
import type { CachedCase } from '../lib/case-db';
import { EventExplorer } from './event-explorer.svelte';
import type { TriageDesk } from './triage-desk.svelte';

const explorers = new WeakMap<TriageDesk, EventExplorer>();

export function explorerFor(desk: TriageDesk, current: CachedCase): EventExplorer {
  let ex = explorers.get(desk);
  if (!ex || ex.current.fingerprint !== current.fingerprint) {
    ex = new EventExplorer(desk.api, desk.db, current);
    explorers.set(desk, ex);
  }
  return ex;
}
