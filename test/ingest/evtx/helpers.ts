/**
 * Test helpers: where the evidence corpus is, and the two peer parsers (libevtx `evtxexport`,
 * python-evtx) run as child processes through `oracle/oracle.py`, their output cached under the
 * OS temp dir (keyed by file path, size, mtime and the oracle script's hash) so repeated runs
 * are cheap.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_EVIDENCE } from '../../helpers/paths';

const EVIDENCE = SHARED_EVIDENCE;
const HAVE_EVIDENCE = existsSync(EVIDENCE);
const ORACLE = join(__dirname, 'oracle', 'oracle.py');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** Every .evtx under the evidence folder, as paths relative to it, sorted. */
export function evidenceFiles(): string[] {
  if (!HAVE_EVIDENCE) return [];
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(join(dir, e.name), r);
      else if (e.name.toLowerCase().endsWith('.evtx')) out.push(r);
    }
  };
  walk(EVIDENCE, '');
  return out.sort();
}

export function evidencePath(rel: string): string {
  return join(EVIDENCE, rel);
}

export interface OracleRecord {
  id: number | null;
  eid: string | null;
  time: string | null;
  computer: string | null;
  channel: string | null;
  provider: string | null;
  data: [string, string | null, string][] | null;
  user: string[] | null;
  error?: string;
  /** libevtx-xml mode: the raw Event XML block. */
  xml?: string;
}

export type Peer = 'libevtx' | 'python' | 'libevtx-recovered' | 'libevtx-xml';

let oracleHash = '';
function cacheFile(peer: Peer, file: string): string {
  oracleHash ||= createHash('sha1').update(readFileSync(ORACLE)).digest('hex').slice(0, 10);
  const st = statSync(file);
  const key = createHash('sha1').update(`${peer}\0${file}\0${st.size}\0${st.mtimeMs}\0${oracleHash}`).digest('hex');
  const dir = join(tmpdir(), 'evtx-triage-oracle');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${peer}-${key}.jsonl`);
}

/** Runs a peer parser over `file` (cached). */
export function runOracle(peer: Peer, file: string): Promise<OracleRecord[]> {
  const cached = cacheFile(peer, file);
  const parse = (text: string) => text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OracleRecord);
  if (existsSync(cached)) return Promise.resolve(parse(readFileSync(cached, 'utf8')));
  return new Promise((res, rej) => {
    execFile(PYTHON, [ORACLE, peer, file], { maxBuffer: 1 << 30 }, (err, stdout) => {
      if (err) return rej(err);
      writeFileSync(cached, stdout);
      res(parse(stdout));
    });
  });
}

/** Runs async jobs with at most `limit` in flight. */
export async function pool<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
