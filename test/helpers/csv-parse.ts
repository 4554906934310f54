/** A strict RFC 4180 reader for the tests (CRLF rows, quoted fields with doubled quotes). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let cell: string;
    if (text.charCodeAt(i) === 34) {
      const parts: string[] = [];
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted field');
        parts.push(text.slice(i, q));
        if (text.charCodeAt(q + 1) === 34) { parts.push('"'); i = q + 2; continue; }
        i = q + 1;
        break;
      }
      cell = parts.join('');
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 13) break;
        if (c === 34 || c === 10) throw new Error(`bare ${c === 34 ? 'quote' : 'LF'} in an unquoted field at ${j}`);
        j++;
      }
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (text.charCodeAt(i) === 44) { i++; continue; }
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) { i += 2; rows.push(row); row = []; continue; }
    throw new Error(`unexpected character at ${i}`);
  }
  if (row.length > 0) throw new Error('last row has no CRLF');
  return rows;
}
