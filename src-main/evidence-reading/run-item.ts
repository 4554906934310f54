/** What a worker does for one work item. Plain async code, callable without a worker for tests. */
import { sniffFormat } from '../ingest/sniff';
import { toErrorShape } from './error-shape';
import type { EventSink } from './event-batcher';
import { hashFile } from './hash-file';
import type { ParseOutcome, ScanOutcome, WorkItem, WorkProgress, WorkResult } from './messages';
import { parseEvidenceFile } from './parse-file';

export interface ItemCallbacks {
  progress: (p: WorkProgress) => void;
  batch: EventSink;
  isCancelled: () => boolean;
}

export async function runWorkItem(item: WorkItem, cb: ItemCallbacks): Promise<WorkResult> {
  switch (item.kind) {
    case 'scan-file': {
      const hashed = await hashFile(item.absPath, (bytesDone) => cb.progress({ bytesDone, events: 0 }), cb.isCancelled);
      return { kind: 'scan-file', relPath: item.relPath, sha256: hashed.sha256, bytes: hashed.bytes, format: sniffFormat(hashed.head) };
    }
    case 'scan-files': {
      const outcomes: ScanOutcome[] = [];
      let before = 0;
      for (const f of item.files) {
        if (cb.isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        try {
          const hashed = await hashFile(f.absPath, (bytesDone) => cb.progress({ bytesDone: before + bytesDone, events: 0 }), cb.isCancelled);
          outcomes.push({ ok: true, relPath: f.relPath, sha256: hashed.sha256, bytes: hashed.bytes, format: sniffFormat(hashed.head) });
          before += hashed.bytes;
        } catch (err) {
          if ((err as { code?: string }).code === 'cancelled') throw err;
          outcomes.push({ ok: false, relPath: f.relPath, error: toErrorShape(err, f.relPath) });
        }
        cb.progress({ bytesDone: before, events: 0 });
      }
      return { kind: 'scan-files', relPath: item.relPath, outcomes };
    }
    case 'parse-files': {
      const outcomes: ParseOutcome[] = [];
      let bytesBefore = 0;
      let eventsBefore = 0;
      for (const it of item.items) {
        if (cb.isCancelled()) throw Object.assign(new Error('cancelled'), { code: 'cancelled' });
        try {
          let last = { bytes: 0, events: 0 };
          const { summary, members } = await parseEvidenceFile(it, {
            batch: cb.batch,
            progress: (bytesDone, events) => { last = { bytes: bytesDone, events }; cb.progress({ bytesDone: bytesBefore + bytesDone, events: eventsBefore + events }); },
            isCancelled: cb.isCancelled,
          });
          outcomes.push({ ok: true, relPath: it.relPath, summary, members });
          bytesBefore += last.bytes;
          eventsBefore += summary.records;
        } catch (err) {
          if ((err as { code?: string }).code === 'cancelled') throw err;
          outcomes.push({ ok: false, relPath: it.relPath, error: toErrorShape(err, it.relPath) });
        }
        cb.progress({ bytesDone: bytesBefore, events: eventsBefore, finished: outcomes[outcomes.length - 1]! });
      }
      return { kind: 'parse-files', relPath: item.relPath, outcomes };
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
