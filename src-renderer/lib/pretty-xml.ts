/**
 * The one-line Event XML the app renders (export/event-xml.ts: escaped text, no mixed content)
 * laid out one element per line, indented, for reading. Only for that XML: an XML file's own
 * text is shown as it is in the file.
 */
export function prettyXml(xml: string, indent = '  '): string {
  // Every `<` and `>` inside a value is escaped by the writer, so `><` is always between two tags.
  const parts = xml.replace(/>\s*</g, '>\n<').split('\n');
  let depth = 0;
  const out: string[] = [];
  for (const p of parts) {
    const closing = p.startsWith('</');
    if (closing) depth = Math.max(0, depth - 1);
    out.push(indent.repeat(depth) + p);
    const opens = p.startsWith('<') && !closing && !p.startsWith('<?') && !p.endsWith('/>') && !p.includes('</');
    if (opens) depth++;
  }
  return out.join('\n');
}
