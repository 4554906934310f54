/** Turns IndexedDB/Dexie failures into messages an analyst can act on (never a blank screen). */

function names(err: unknown): string[] {
  const out: string[] = [];
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const o = e as { name?: unknown; inner?: unknown; cause?: unknown };
    if (typeof o.name === 'string') out.push(o.name);
    e = o.inner ?? o.cause;
  }
  return out;
}

function isQuotaError(err: unknown): boolean {
  return names(err).includes('QuotaExceededError');
}

function isVersionError(err: unknown): boolean {
  return names(err).includes('VersionError');
}

/** A clear sentence for a cache failure; null when the error is not about the cache. */
export function describeDbError(err: unknown): string | null {
  if (isQuotaError(err)) {
    return 'The case cache is full (browser storage quota exceeded). Forget old cases on the start screen, then open the folder again.';
  }
  if (isVersionError(err)) {
    return 'The case cache was written by a newer version of EVTX Triage and cannot be read by this one. Update the app, or start it with a fresh profile; nothing was changed.';
  }
  const n = names(err);
  if (n.some((x) => ['DatabaseClosedError', 'OpenFailedError', 'InvalidStateError', 'UnknownError', 'AbortError'].includes(x))) {
    return `The case cache cannot be opened (${n.join(' / ')}): ${(err as Error).message}`;
  }
  return null;
}
