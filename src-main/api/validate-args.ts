/**
 * Argument validation for every API call: the renderer is not trusted (a compromised page could
 * send anything over IPC), so each handler checks the shape before it touches the disk.
 */
import { ApiError } from './errors';
import type { ApiArg, ApiCallName } from './contract';

const MAX_PATH_CHARS = 4096;
const JOB_ID = /^[A-Za-z0-9_-]{1,64}$/;

function fail(call: string, what: string): never {
  throw new ApiError('bad_argument', `${call}: ${what}`, { call });
}

function record(call: string, arg: unknown): Record<string, unknown> {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) fail(call, 'expected an object argument');
  return arg as Record<string, unknown>;
}

function pathString(call: string, field: string, v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) fail(call, `${field} must be a non-empty string`);
  if (v.length > MAX_PATH_CHARS) fail(call, `${field} is longer than ${MAX_PATH_CHARS} characters`);
  if (v.includes('\0')) fail(call, `${field} contains a NUL character`);
  return v;
}

function jobId(call: string, v: unknown): string {
  if (typeof v !== 'string' || !JOB_ID.test(v)) fail(call, 'jobId must be 1-64 characters of [A-Za-z0-9_-]');
  return v;
}

function noArg(call: string, arg: unknown): null {
  if (arg !== null && arg !== undefined) fail(call, 'takes no argument');
  return null;
}

type Validators = { [K in ApiCallName]: (arg: unknown) => ApiArg<K> };

export const validateArgs: Validators = {
  chooseEvidenceFolder: (a) => noArg('chooseEvidenceFolder', a),
  appInfo: (a) => noArg('appInfo', a),
  listEvidenceFolder: (a) => {
    const r = record('listEvidenceFolder', a);
    return { root: pathString('listEvidenceFolder', 'root', r.root) };
  },
  scanEvidenceFolder: (a) => {
    const r = record('scanEvidenceFolder', a);
    return { root: pathString('scanEvidenceFolder', 'root', r.root), jobId: jobId('scanEvidenceFolder', r.jobId) };
  },
  hashEvidenceFile: (a) => {
    const r = record('hashEvidenceFile', a);
    return { root: pathString('hashEvidenceFile', 'root', r.root), path: pathString('hashEvidenceFile', 'path', r.path) };
  },
  cancelJob: (a) => {
    const r = record('cancelJob', a);
    return { jobId: jobId('cancelJob', r.jobId) };
  },
};
