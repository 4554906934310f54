/** What a worker does for one work item. Plain async code, callable without a worker for tests. */
import { sniffFormat } from '../ingest/sniff';
import { hashFile } from './hash-file';
import type { WorkItem, WorkProgress, WorkResult } from './messages';

export async function runWorkItem(
  item: WorkItem,
  onProgress: (p: WorkProgress) => void,
  isCancelled: () => boolean,
): Promise<WorkResult> {
  switch (item.kind) {
    case 'scan-file': {
      const hashed = await hashFile(item.absPath, (bytesDone) => onProgress({ bytesDone, events: 0 }), isCancelled);
      return { kind: 'scan-file', relPath: item.relPath, sha256: hashed.sha256, bytes: hashed.bytes, format: sniffFormat(hashed.head) };
    }
  }
}
