/** What a worker does for one work item. Plain async code, callable without a worker for tests. */
import { sniffFormat } from '../ingest/sniff';
import type { NormalisedEvent } from '../model/event';
import { hashFile } from './hash-file';
import type { WorkItem, WorkProgress, WorkResult } from './messages';
import { parseEvidenceFile } from './parse-file';

export interface ItemCallbacks {
  progress: (p: WorkProgress) => void;
  batch: (events: NormalisedEvent[]) => Promise<void>;
  isCancelled: () => boolean;
}

export async function runWorkItem(item: WorkItem, cb: ItemCallbacks): Promise<WorkResult> {
  switch (item.kind) {
    case 'scan-file': {
      const hashed = await hashFile(item.absPath, (bytesDone) => cb.progress({ bytesDone, events: 0 }), cb.isCancelled);
      return { kind: 'scan-file', relPath: item.relPath, sha256: hashed.sha256, bytes: hashed.bytes, format: sniffFormat(hashed.head) };
    }
    case 'parse-file': {
      const { summary, members } = await parseEvidenceFile(item, {
        batch: cb.batch,
        progress: (bytesDone, events) => cb.progress({ bytesDone, events }),
        isCancelled: cb.isCancelled,
      });
      return { kind: 'parse-file', relPath: item.relPath, summary, members };
    }
  }
}
