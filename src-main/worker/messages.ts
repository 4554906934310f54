/**
 * The messages between the pool (main thread) and a worker. Errors cross as `{code, message, context}`.
 */
import type { EvidenceFormat } from '../ingest/sniff';

export interface WorkerErrorShape {
  code: string;
  message: string;
  context: Record<string, string | number | boolean | null>;
}

/** A unit of work: today, hashing and sniffing one file. */
export type WorkItem = { kind: 'scan-file'; absPath: string; relPath: string };

export type WorkResult = { kind: 'scan-file'; relPath: string; sha256: string; bytes: number; format: EvidenceFormat };

export interface WorkProgress { bytesDone: number; events: number }

export type ToWorker = { type: 'run'; taskId: number; item: WorkItem } | { type: 'cancel'; taskId: number };

export type FromWorker =
  | { type: 'progress'; taskId: number; progress: WorkProgress }
  | { type: 'done'; taskId: number; result: WorkResult }
  | { type: 'failed'; taskId: number; error: WorkerErrorShape };
