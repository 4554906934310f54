/**
 * The findings list's columns, as Timeline Explorer users expect them: each can be shown or
 * hidden (risk, rule and the rule's author always are: DRL 1.1 asks for the author wherever a
 * Sigma rule's matches are shown), resized, and sorted on. The analyst's choice is one small JSON
 * setting, read back through `parseColumnState` (a damaged or older setting gives the defaults).
 */
import { FINDING_LEVELS, type FindingStatus } from '../../src-main/shared/contract';
import { findingLevel, type FindingRow } from './case-db';

export type ColumnId = 'risk' | 'level' | 'rule' | 'author' | 'host' | 'user' | 'process' | 'attack' | 'clsid' | 'dll' | 'source' | 'count' | 'first' | 'last' | 'status';

export interface ColumnDef {
  id: ColumnId;
  label: string;
  /** Default width in px; the rule column also takes the free space. */
  width: number;
  shown: boolean;
  /** Always shown (not in the picker's choice). */
  required?: boolean;
  numeric?: boolean;
  title?: string;
}

export const COLUMNS: readonly ColumnDef[] = [
  { id: 'risk', label: 'Risk', width: 44, shown: true, required: true, numeric: true },
  { id: 'level', label: 'Level', width: 64, shown: true },
  { id: 'rule', label: 'Rule', width: 138, shown: true, required: true },
  { id: 'author', label: 'Author', width: 90, shown: true, required: true, title: 'The rule\'s author (Sigma rules: as written in the rule)' },
  { id: 'host', label: 'Host', width: 84, shown: true },
  { id: 'user', label: 'User', width: 64, shown: true },
  { id: 'process', label: 'Process', width: 106, shown: true },
  { id: 'attack', label: 'ATT&CK', width: 76, shown: true, title: 'MITRE ATT&CK technique ids of the rule' },
  { id: 'clsid', label: 'CLSID', width: 110, shown: false },
  { id: 'dll', label: 'DLL value', width: 120, shown: true },
  { id: 'source', label: 'Source file', width: 184, shown: true, title: 'The evidence file(s) its events were read from' },
  { id: 'count', label: 'Count', width: 48, shown: true, numeric: true },
  { id: 'first', label: 'First seen UTC', width: 138, shown: true },
  { id: 'last', label: 'Last seen UTC', width: 138, shown: false },
  { id: 'status', label: 'Status', width: 88, shown: true },
];

const BY_ID = new Map(COLUMNS.map((c) => [c.id, c]));
const MIN_WIDTH = 36;
const MAX_WIDTH = 900;

export interface ColumnSort { id: ColumnId; dir: 'asc' | 'desc' }
export interface ColumnState {
  /** Shown columns, in the order of `COLUMNS`. */
  shown: ColumnId[];
  widths: Partial<Record<ColumnId, number>>;
  /** null: the case's order (risk, then first seen). */
  sort: ColumnSort | null;
}

export function defaultColumnState(): ColumnState {
  return { shown: COLUMNS.filter((c) => c.shown).map((c) => c.id), widths: {}, sort: null };
}

/** A stored setting back to a state; anything unknown or out of range is dropped. */
export function parseColumnState(text: string | null): ColumnState {
  const out = defaultColumnState();
  if (!text || text.length > 4096) return out;
  let v: unknown;
  try { v = JSON.parse(text); } catch { return out; }
  if (typeof v !== 'object' || v === null) return out;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.shown)) {
    const ids = new Set(o.shown.filter((x): x is ColumnId => typeof x === 'string' && BY_ID.has(x as ColumnId)));
    out.shown = COLUMNS.filter((c) => c.required || ids.has(c.id)).map((c) => c.id);
  }
  if (typeof o.widths === 'object' && o.widths !== null) {
    for (const [k, w] of Object.entries(o.widths)) if (BY_ID.has(k as ColumnId) && typeof w === 'number' && Number.isFinite(w)) out.widths[k as ColumnId] = clampWidth(w);
  }
  const s = o.sort as Record<string, unknown> | null | undefined;
  if (s && typeof s === 'object' && BY_ID.has(s.id as ColumnId) && (s.dir === 'asc' || s.dir === 'desc')) out.sort = { id: s.id as ColumnId, dir: s.dir };
  return out;
}

export function clampWidth(w: number): number {
  return Math.round(Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, w)));
}

export function columnDef(id: ColumnId): ColumnDef {
  return BY_ID.get(id)!;
}

export function widthOf(state: ColumnState, id: ColumnId): number {
  return state.widths[id] ?? columnDef(id).width;
}

/** Shows or hides one column (required ones stay), keeping the order of `COLUMNS`. */
export function toggleColumn(state: ColumnState, id: ColumnId): ColumnState {
  if (columnDef(id).required) return state;
  const on = new Set(state.shown);
  if (on.has(id)) on.delete(id); else on.add(id);
  return { ...state, shown: COLUMNS.filter((c) => on.has(c.id)).map((c) => c.id), sort: state.sort && !on.has(state.sort.id) ? null : state.sort };
}

/** Click on a header: ascending (descending first for numbers and times), then the other way, then the case's order. */
export function nextSort(state: ColumnState, id: ColumnId): ColumnState {
  const first: 'asc' | 'desc' = columnDef(id).numeric || id === 'first' || id === 'last' || id === 'level' ? 'desc' : 'asc';
  const cur = state.sort;
  if (!cur || cur.id !== id) return { ...state, sort: { id, dir: first } };
  if (cur.dir === first) return { ...state, sort: { id, dir: first === 'asc' ? 'desc' : 'asc' } };
  return { ...state, sort: null };
}

/** The CSS grid columns: px widths, the rule column also taking the free space. */
export function gridTemplate(state: ColumnState): string {
  return state.shown.map((id) => (id === 'rule' && state.widths.rule === undefined ? `minmax(${widthOf(state, id)}px, 1fr)` : `${widthOf(state, id)}px`)).join(' ');
}

/** Width the row needs (columns, gaps of 8 px, 20 px padding): below it the table scrolls sideways. */
export function minRowWidth(state: ColumnState): number {
  return state.shown.reduce((s, id) => s + widthOf(state, id), 0) + 8 * Math.max(0, state.shown.length - 1) + 20;
}

const LEVEL_RANK = new Map(FINDING_LEVELS.map((l, i) => [l, i]));

function sortKey(f: FindingRow, id: ColumnId, status: (id: string) => FindingStatus): string | number {
  switch (id) {
    case 'risk': return f.risk_score;
    case 'level': return LEVEL_RANK.get(findingLevel(f)) ?? 0;
    case 'rule': return f.rule_name.toLowerCase();
    case 'author': return (f.sigma ? f.sigma.author ?? '' : 'EVTX Triage').toLowerCase();
    case 'host': return f.dest.toLowerCase();
    case 'user': return (f.user ?? '').toLowerCase();
    case 'process': return f.process_name.toLowerCase();
    case 'attack': return f.mitre.join(' ');
    case 'clsid': return (f.clsid ?? '').toLowerCase();
    case 'dll': return f.registry_value_data.toLowerCase();
    case 'source': return (f.evidence_files?.[0] ?? '').toLowerCase();
    case 'count': return f.count;
    case 'first': return f.firstTime;
    case 'last': return f.lastTime;
    case 'status': return status(f.id);
  }
}

/**
 * The rows in the column's order; ties keep the case's order (risk, then time), so sorting by host
 * lists each host's findings by risk. One key per row, computed once (100,000 rows sort in one pass).
 */
export function sortRows(rows: readonly FindingRow[], sort: ColumnSort | null, status: (id: string) => FindingStatus): FindingRow[] {
  if (!sort) return rows as FindingRow[];
  const keyed = rows.map((f, i) => ({ f, i, k: sortKey(f, sort.id, status) }));
  const dir = sort.dir === 'asc' ? 1 : -1;
  keyed.sort((a, b) => (a.k < b.k ? -dir : a.k > b.k ? dir : a.i - b.i));
  return keyed.map((x) => x.f);
}
