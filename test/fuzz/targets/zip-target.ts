/**
 * Zip fuzz target: seeds (generated archives around the other formats' seeds, the real OTRF
 * archive) with structure-aware or byte damage, or hostile archives built from scratch. Each case
 * is read with the archive API in memory (`ZipArchive.open` on `bytesSource`, every member
 * streamed, nested archives opened) and with the worker's `readArchive` from a temporary file
 * (members sniffed and read by the stream parsers).
 * Invariants: the archive API throws only named `IngestError`s with a `zip.*` code (its
 * documented errors); `readArchive` never throws; every event is counted in its member's
 * summary; member results are well-formed (hash present when complete, issues as data).
 */
import { IngestError } from '../../../src-main/shared/ingest-issues';
import { SNIFF_HEAD_BYTES, sniffFormat } from '../../../src-main/ingest/sniff';
import { bytesSource, ZipArchive } from '../../../src-main/ingest/zip/index';
import { readArchive } from '../../../src-main/evidence-reading/read-archive';
import { emptyFileSummary } from '../../../src-main/evidence-reading/file-summary';
import { mutateBytesChain, Prng } from '../byte-mutate';
import { seeds } from '../seeds';
import { mutateZip, ZIP_MUTATIONS } from '../zip-mutate';
import { tempFile, thrown, type CaseOutcome, type FuzzCase, type FuzzTarget } from '../target';

/** Members are streamed up to this many bytes each by the in-memory pass (the worker pass reads all). */
const STREAM_CAP = 8 * 1024 * 1024;
const MAX_MEMBERS_STREAMED = 64;

function zipErrorOrViolation(api: string, e: unknown, v: string[]): void {
  if (e instanceof IngestError && e.code.startsWith('zip.')) return;
  v.push(thrown(api, e));
}

async function readInMemory(bytes: Uint8Array, v: string[]): Promise<void> {
  let archive: ZipArchive;
  try {
    archive = await ZipArchive.open(bytesSource(bytes), { label: 'fuzz.zip' });
  } catch (e) {
    zipErrorOrViolation('ZipArchive.open', e, v);
    return;
  }
  for (const entry of archive.files.slice(0, MAX_MEMBERS_STREAMED)) {
    let got = 0;
    let head: Uint8Array | null = null;
    try {
      for await (const chunk of archive.stream(entry)) {
        head ??= chunk.slice(0, SNIFF_HEAD_BYTES);
        got += chunk.length;
        if (got > STREAM_CAP) break;
      }
    } catch (e) {
      zipErrorOrViolation(`ZipArchive.stream(${entry.label})`, e, v);
      continue;
    }
    if (head && sniffFormat(head) === 'zip') {
      try {
        const nested = await ZipArchive.open(bytesSource(await archive.readAll(entry, STREAM_CAP)), { label: entry.label, depth: 1 });
        for (const inner of nested.files.slice(0, MAX_MEMBERS_STREAMED)) {
          try {
            for await (const _ of nested.stream(inner)) void _;
          } catch (e) {
            zipErrorOrViolation(`nested stream(${inner.label})`, e, v);
          }
        }
      } catch (e) {
        zipErrorOrViolation(`nested open(${entry.label})`, e, v);
      }
    }
  }
}

async function readWithWorker(bytes: Uint8Array, v: string[]): Promise<{ events: number; lost: number }> {
  const file = tempFile(bytes, 'evidence.zip');
  const summary = emptyFileSummary();
  const perMember = new Map<string, number>();
  let events = 0;
  let lost = 0;
  try {
    const members = await readArchive(file.path, 'evidence.zip', summary, {
      event: async (_raw, label) => { events++; perMember.set(label, (perMember.get(label) ?? 0) + 1); },
      isCancelled: () => false,
    });
    lost = summary.errors;
    for (const m of members) {
      lost += m.summary.errors;
      if ((perMember.get(m.path) ?? 0) !== m.summary.records) v.push(`invariant: member ${m.path}: ${perMember.get(m.path) ?? 0} events delivered, summary says ${m.summary.records}`);
      if (m.hashComplete && !/^[0-9a-f]{64}$/.test(m.sha256)) v.push(`invariant: member ${m.path}: complete hash ${JSON.stringify(m.sha256)}`);
      if (!m.hashComplete && !m.summary.fatal) v.push(`invariant: member ${m.path}: incomplete hash without a fatal error`);
      for (const i of [...m.summary.errorSamples, ...m.summary.warningSamples]) {
        if (typeof i.code !== 'string' || typeof i.message !== 'string' || typeof i.context !== 'object') v.push(`invariant: member issue not {code, message, context}: ${JSON.stringify(i).slice(0, 200)}`);
      }
    }
  } catch (e) {
    v.push(thrown('readArchive', e));
  } finally {
    file.done();
  }
  return { events, lost };
}

export const zipTarget: FuzzTarget = {
  name: 'zip',
  make(n) {
    const pool = seeds().zip;
    const r = new Prng(n * 0x85ebca6b + 17);
    // the real OTRF archive (15 MB inflated) is one seed in 16, so cases stay quick
    const light = pool.filter((s) => s.bytes.length < 256 * 1024);
    const seed = n % 16 === 15 && pool.length > light.length ? pool.find((s) => s.bytes.length >= 256 * 1024)! : light[n % light.length]!;
    const text = seeds().json[n % seeds().json.length]!.bytes;
    if (r.chance(0.2)) {
      const m = mutateBytesChain(seed.bytes, r, [Uint8Array.of(0x50, 0x4b, 0x05, 0x06), Uint8Array.of(0x50, 0x4b, 0x01, 0x02), Uint8Array.of(0x50, 0x4b, 0x03, 0x04)]);
      return { target: 'zip', n, seed: seed.name, mutation: `bytes ${m.mutation}`, bytes: m.bytes };
    }
    const m = mutateZip(seed.bytes, ZIP_MUTATIONS[n % ZIP_MUTATIONS.length]!, r, text);
    return { target: 'zip', n, seed: m.mutation.startsWith('hostile') ? 'generated' : seed.name, mutation: m.mutation, bytes: m.bytes };
  },
  async check(c: FuzzCase): Promise<CaseOutcome> {
    const v: string[] = [];
    await readInMemory(c.bytes, v);
    const w = await readWithWorker(c.bytes, v);
    return { events: w.events, lost: w.lost, violations: v };
  },
};
