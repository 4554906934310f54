import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared evidence corpus (read-only), beside the repository. */
export const SHARED_EVIDENCE = path.resolve(REPO_ROOT, '../shared/evidence');
export const SHARED_CONTRACTS = path.resolve(REPO_ROOT, '../shared/contracts');
