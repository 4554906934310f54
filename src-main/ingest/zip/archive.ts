/**
 * Zip archives read in place: list members from the central directory, inflate members with
 * Node's native zlib as a stream under backpressure (`inflate-raw.ts`), refuse zip bombs (`zip.bomb`) before inflating anything when the
 * directory already shows it, and while inflating when the data lies about its sizes.
 *
 * Member names are labels only (`archive.zip!/member`); nothing is ever written to disk, and
 * names that would escape a folder (`../`, absolute, drive letters) are reported as
 * `zip.unsafe_name` warnings. Nested archives can be opened one level deep (configurable).
 */
import type { IngestIssue } from '../../shared/ingest-issues';
import { IngestError } from '../../shared/ingest-issues';
import { SharedZipBudget, type ZipBudget } from './budget';
import type { RawZipEntry } from './central-directory';
import { dataOffset, readCentralDirectory } from './central-directory';
import { crc32Update } from './crc32';
import { inflateRaw } from './inflate-raw';
import type { RandomAccessSource } from './source';
import { bytesSource } from './source';

export interface ZipLimits {
  /** Most members in one archive. */
  maxMembers: number;
  /** Most bytes one member may inflate to. */
  maxMemberUncompressed: number;
  /** Most bytes an archive and its nested archives may inflate to, together (the default budget when none is given). */
  maxTotalUncompressed: number;
  /** Highest uncompressed / compressed ratio of a member … */
  maxRatio: number;
  /** … applied once a member is larger than this (small files of zeros compress very well, legitimately). */
  ratioMinSize: number;
  /** How many archive levels below the evidence file may be opened (1: a zip inside the zip). */
  maxNesting: number;
  /** Largest nested archive that will be inflated into memory to be opened. */
  maxNestedArchiveSize: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxMembers: 10_000,
  maxMemberUncompressed: 2 * 1024 ** 3,
  maxTotalUncompressed: 8 * 1024 ** 3,
  maxRatio: 1000,
  ratioMinSize: 1024 * 1024,
  maxNesting: 1,
  maxNestedArchiveSize: 512 * 1024 ** 2,
};

export interface ZipEntry {
  /** The name as stored (a label, never a path to write to). */
  name: string;
  /** `archive.zip!/name` (control characters replaced). */
  label: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
  encrypted: boolean;
  directory: boolean;
  localHeaderOffset: number;
}

export interface ZipOpenOptions {
  /** Label of the archive itself (its evidence path, or the parent's member label). */
  label: string;
  limits?: Partial<ZipLimits>;
  /** 0 for an evidence file, 1 for an archive inside it. */
  depth?: number;
  /**
   * What joins the archive's label and a member name (default `!/`: `archive.zip!/member`). The
   * caller picks another (`!!/`, …) when a real folder in the evidence is named like the archive
   * plus `!`, so a member's label never equals a real file's path.
   */
  memberSeparator?: string;
  /** The inflation budget to take from: the case's (shared by every archive read), else one of `maxTotalUncompressed` for this archive and its nested ones. */
  budget?: ZipBudget;
}

const READ_BLOCK = 1024 * 1024;

function safeLabel(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD');
}

function isUnsafeName(name: string): boolean {
  return /(^|[\\/])\.\.([\\/]|$)/.test(name) || /^[\\/]/.test(name) || /^[A-Za-z]:/.test(name) || /[\u0000-\u001f]/.test(name);
}

export class ZipArchive {
  private constructor(
    private readonly src: RandomAccessSource,
    readonly label: string,
    readonly entries: ZipEntry[],
    readonly issues: IngestIssue[],
    private readonly limits: ZipLimits,
    readonly depth: number,
    private readonly budget: ZipBudget,
  ) {}

  /** Reads the directory and checks it; throws `IngestError` (`zip.bomb`, `zip.corrupt`, …) for the whole archive. */
  static async open(src: RandomAccessSource, options: ZipOpenOptions): Promise<ZipArchive> {
    const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...options.limits };
    const depth = options.depth ?? 0;
    const budget = options.budget ?? SharedZipBudget.local(limits.maxTotalUncompressed);
    const ctx = { path: options.label };
    const bomb = (why: string) => new IngestError('zip.bomb', `zip bomb refused: ${why}`, ctx);
    let cd;
    try {
      cd = await readCentralDirectory(src, limits.maxMembers);
    } catch (e) {
      if (e instanceof IngestError) throw new IngestError(e.code, e.message, { ...e.context, ...ctx });
      throw e;
    }
    if (cd.declaredCount > limits.maxMembers) throw bomb(`${cd.declaredCount} members (limit ${limits.maxMembers})`);
    let total = 0;
    for (const e of cd.entries) {
      total += e.uncompressedSize;
      if (e.uncompressedSize > limits.maxMemberUncompressed) {
        throw bomb(`member ${JSON.stringify(safeLabel(e.name))} declares ${e.uncompressedSize} bytes (limit ${limits.maxMemberUncompressed})`);
      }
      if (e.uncompressedSize > limits.ratioMinSize && e.uncompressedSize > Math.max(1, e.compressedSize) * limits.maxRatio) {
        throw bomb(`member ${JSON.stringify(safeLabel(e.name))} expands ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}:1 (limit ${limits.maxRatio}:1)`);
      }
    }
    if (total > budget.remaining) throw bomb(`members declare ${total} bytes in total (${Math.max(0, budget.remaining)} of the ${budget.limit} allowed for all archives read together remain)`);
    checkOverlaps(cd.entries, bomb);

    const issues: IngestIssue[] = [];
    const sep = options.memberSeparator ?? '!/';
    const entries = cd.entries.map((e) => toEntry(e, options.label, sep));
    for (const e of entries) {
      if (isUnsafeName(e.name)) {
        issues.push({ code: 'zip.unsafe_name', message: `member name ${JSON.stringify(e.label.slice(options.label.length + sep.length))} would escape a folder; it is only a label here`, context: { path: options.label, member: e.label }, severity: 'warning' });
      }
    }
    return new ZipArchive(src, options.label, entries, issues, limits, depth, budget);
  }

  /** Files (not directories) in directory order. */
  get files(): ZipEntry[] {
    return this.entries.filter((e) => !e.directory);
  }

  /**
   * Inflates a member as a stream of chunks. Throws `IngestError` with `zip.bomb` when the data
   * inflates past its declared size, the member limit, the ratio or the archive budget;
   * `zip.encrypted`, `zip.unsupported_method`, `zip.corrupt`, `zip.crc_mismatch` otherwise.
   */
  async *stream(entry: ZipEntry): AsyncGenerator<Uint8Array, void, void> {
    const ctx = { path: this.label, member: entry.label };
    if (entry.directory) return;
    if (entry.encrypted) throw new IngestError('zip.encrypted', `${entry.label} is encrypted`, ctx);
    if (entry.method !== 0 && entry.method !== 8) throw new IngestError('zip.unsupported_method', `${entry.label} uses compression method ${entry.method} (only stored and deflate are read)`, ctx);
    let start: number;
    try {
      start = await dataOffset(this.src, entry);
    } catch (e) {
      if (e instanceof IngestError) throw new IngestError(e.code, e.message, { ...e.context, ...ctx });
      throw e;
    }
    if (start + entry.compressedSize > this.src.size) throw new IngestError('zip.corrupt', `${entry.label} data runs past the end of the archive (truncated)`, ctx);

    const limit = Math.min(entry.uncompressedSize, this.limits.maxMemberUncompressed);
    let produced = 0;
    let crc = 0;
    const check = (n: number) => {
      produced += n;
      const withinBudget = this.budget.take(n);
      if (produced > limit) {
        throw new IngestError('zip.bomb', `zip bomb refused: ${entry.label} inflates past its declared ${entry.uncompressedSize} bytes`, ctx);
      }
      if (!withinBudget) throw new IngestError('zip.bomb', `zip bomb refused: the archives read together inflate past ${this.budget.limit} bytes in total`, ctx);
      if (produced > this.limits.ratioMinSize && produced > Math.max(1, entry.compressedSize) * this.limits.maxRatio) {
        throw new IngestError('zip.bomb', `zip bomb refused: ${entry.label} expands more than ${this.limits.maxRatio}:1`, ctx);
      }
    };
    const blocks = this.compressedBlocks(entry, start, ctx);
    for await (const chunk of entry.method === 0 ? blocks : inflated(entry.label, blocks, ctx)) {
      check(chunk.length);
      crc = crc32Update(crc, chunk);
      yield chunk;
    }
    if (produced !== entry.uncompressedSize) {
      throw new IngestError('zip.corrupt', `${entry.label}: inflated to ${produced} bytes, the directory says ${entry.uncompressedSize}`, ctx);
    }
    if (crc !== entry.crc32) throw new IngestError('zip.crc_mismatch', `${entry.label}: CRC-32 mismatch (data damaged)`, ctx);
  }

  /** A member's stored bytes, read from the archive in blocks of `READ_BLOCK`. */
  private async *compressedBlocks(entry: ZipEntry, start: number, ctx: { path: string; member: string }): AsyncGenerator<Uint8Array, void, void> {
    for (let off = 0; off < entry.compressedSize; off += READ_BLOCK) {
      const len = Math.min(READ_BLOCK, entry.compressedSize - off);
      const block = await this.src.read(start + off, len);
      if (block.length < len) throw new IngestError('zip.corrupt', `${entry.label}: short read (archive truncated?)`, ctx);
      yield block;
    }
  }

  /** Inflates a whole member into memory, with an extra cap (default: the member limit). */
  async readAll(entry: ZipEntry, maxBytes = this.limits.maxMemberUncompressed): Promise<Uint8Array> {
    if (entry.uncompressedSize > maxBytes) {
      throw new IngestError('zip.too_large', `${entry.label} is ${entry.uncompressedSize} bytes, more than the ${maxBytes} bytes allowed in memory`, { path: this.label, member: entry.label });
    }
    const out = new Uint8Array(entry.uncompressedSize);
    let o = 0;
    for await (const c of this.stream(entry)) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }

  /** Opens a member that is itself a zip, sharing this archive's budget; refused past `maxNesting`. */
  async openNested(entry: ZipEntry): Promise<ZipArchive> {
    if (this.depth + 1 > this.limits.maxNesting) {
      throw new IngestError('zip.nesting', `${entry.label} is an archive nested deeper than ${this.limits.maxNesting} level(s); not opened`, { path: this.label, member: entry.label });
    }
    const bytes = await this.readAll(entry, this.limits.maxNestedArchiveSize);
    return ZipArchive.open(bytesSource(bytes), { label: entry.label, limits: this.limits, depth: this.depth + 1, budget: this.budget });
  }
}

function toEntry(e: RawZipEntry, archiveLabel: string, separator: string): ZipEntry {
  return {
    name: e.name,
    label: `${archiveLabel}${separator}${safeLabel(e.name)}`,
    method: e.method,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    crc32: e.crc32,
    encrypted: (e.flags & 1) !== 0,
    directory: e.name.endsWith('/') && e.uncompressedSize === 0,
    localHeaderOffset: e.localHeaderOffset,
  };
}

/** Members whose data overlap (many directory entries pointing into the same bytes) are the overlapping-file zip bomb. */
function checkOverlaps(entries: RawZipEntry[], bomb: (why: string) => IngestError): void {
  const sorted = entries.filter((e) => !(e.name.endsWith('/') && e.compressedSize === 0)).sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    const prevEndAtLeast = prev.localHeaderOffset + 30 + prev.compressedSize;
    if (cur.localHeaderOffset < prevEndAtLeast) {
      throw bomb(`members ${JSON.stringify(safeLabel(prev.name))} and ${JSON.stringify(safeLabel(cur.name))} overlap (overlapping-entry zip bomb)`);
    }
  }
}

/**
 * A deflated member's bytes inflated: zlib's own errors become `zip.corrupt` ("deflate data is
 * damaged"); an error reading the archive (`blocks`: a short read, an I/O error) passes through as
 * it is, as for a stored member.
 */
async function* inflated(label: string, blocks: AsyncIterable<Uint8Array>, ctx: { path: string; member: string }): AsyncGenerator<Uint8Array, void, void> {
  const read: { error?: unknown } = {};
  try {
    yield* inflateRaw(noteReadError(blocks, read));
  } catch (e) {
    if (e instanceof IngestError || (read.error !== undefined && e === read.error)) throw e;
    throw new IngestError('zip.corrupt', `${label}: deflate data is damaged (${(e as Error).message})`, ctx);
  }
}

/** `blocks`, with the error it throws (if any) kept in `into.error` before it is passed on. */
async function* noteReadError(blocks: AsyncIterable<Uint8Array>, into: { error?: unknown }): AsyncGenerator<Uint8Array, void, void> {
  try {
    yield* blocks;
  } catch (e) {
    into.error = e;
    throw e;
  }
}
