/**
 * How a finding's rule is named wherever the report shows it: the level badge, the source and,
 * for a Sigma rule, its author. The Detection Rule License 1.1 the SigmaHQ rules are shipped under
 * asks that the rule's author be shown wherever its matches are, so every row or card naming a
 * Sigma finding names the author too.
 */
import type { Content, TableCell } from 'pdfmake/interfaces';
import type { CaseFinding } from '../shared/contract';
import type { Writer } from './pdf-layout';

const LEVEL_COLOR: Record<string, string> = {
  critical: '#b71c1c', high: '#e65100', medium: '#a67c00', low: '#2e7d32', informational: '#546e7a',
};

export function levelColor(level: string | null | undefined): string {
  return LEVEL_COLOR[(level ?? '').toLowerCase()] ?? '#263238';
}

export function isSigma(f: CaseFinding): boolean {
  return f.source === 'sigma' && f.sigma !== null && f.sigma !== undefined;
}

/** The author as printed (never empty: a rule without one says so). */
export function authorOf(f: CaseFinding): string {
  return f.sigma?.author ?? 'an author not stated in the rule';
}

/** "Sigma rule by X" or "Built-in rule". */
export function sourceLine(w: Writer, f: CaseFinding): Content {
  return isSigma(f)
    ? { text: [{ text: 'Sigma rule by ' }, { text: w.txt(authorOf(f)), bold: true }] } as Content
    : { text: 'Built-in rule' } as Content;
}

/** A coloured level badge: `HIGH · 82`. */
export function levelBadge(level: string, risk: number | null): TableCell {
  return { text: `${level.toUpperCase()}${risk === null ? '' : ` · ${risk}`}`, bold: true, color: 'white', fillColor: levelColor(level), fontSize: 7, alignment: 'center' } as TableCell;
}

/** A level as a coloured word (table cells; `INFO` for informational, which no narrow column holds). */
export function levelCell(level: string, risk: number | null): TableCell {
  const word = level.toLowerCase() === 'informational' ? 'INFO' : level.toUpperCase();
  return { stack: [{ text: word, bold: true, color: levelColor(level), fontSize: 7 }, ...(risk === null ? [] : [{ text: `risk ${risk}`, color: '#78909c', fontSize: 6.5 }])] } as TableCell;
}
