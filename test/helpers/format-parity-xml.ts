/**
 * The Event XML forms of the format-parity oracle (test/oracle/case/detection-run-format-parity.test.ts), built
 * from the Event XML blocks libevtx's `evtxexport -f xml` writes for a binary .evtx (never from our
 * own EVTX parser): an Event Viewer "Save as XML" export (`<Events>` root, `<RenderingInfo>` per
 * event, CRLF, UTF-8 with BOM), a wevtutil-style UTF-16LE export with a BOM whose elements carry
 * a namespace prefix, and one event per line.
 */

/** The Event schema's namespace (MS-EVEN6), as every export declares it. */
const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

const BOM = '\uFEFF';

/** What Event Viewer adds after `<System>`/`<EventData>` when it renders a record (Culture, Message, names). */
function renderingInfo(block: string): string {
  const id = /<EventID[^>]*>(\d+)<\/EventID>/.exec(block)?.[1] ?? '';
  return `<RenderingInfo Culture="en-US"><Message>Event ${id} &amp; more &lt;rendered&gt; text</Message><Level>Information</Level>`
    + '<Task>Task &lt;name&gt;</Task><Opcode>Info</Opcode><Channel>Rendered channel</Channel><Provider>Rendered provider</Provider>'
    + '<Keywords><Keyword>Audit Success</Keyword></Keywords></RenderingInfo>';
}

/** The block with `<RenderingInfo>` inserted before `</Event>`, as Event Viewer exports it. */
function withRenderingInfo(block: string): string {
  const end = block.lastIndexOf('</Event>');
  return end < 0 ? block : `${block.slice(0, end)}${renderingInfo(block)}${block.slice(end)}`;
}

/** evtxexport's indentation as CRLF (Windows tools write CRLF). */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** Event Viewer "Save as XML": UTF-8 with a BOM, an XML declaration, `<Events>` root, RenderingInfo, CRLF. */
export function eventViewerExport(blocks: readonly string[]): Uint8Array {
  const body = blocks.map((b) => crlf(withRenderingInfo(b))).join('\r\n');
  return new TextEncoder().encode(`${BOM}<?xml version="1.0" encoding="UTF-8"?>\r\n<Events>\r\n${body}\r\n</Events>\r\n`);
}

/**
 * Every element with the prefix `ev:` bound to the Event namespace (`<ev:Event xmlns:ev=…>`,
 * `<ev:Data Name=…>`). Markup only: a `<` in text is always escaped (`&lt;`), so the rewrite never
 * touches a value.
 */
function prefixed(block: string): string {
  return block
    .replace(/<(\/?)([A-Za-z_][\w.-]*)/g, '<$1ev:$2')
    .replace(/<ev:Event xmlns="[^"]*"/, `<ev:Event xmlns:ev="${EVENT_NS}"`);
}

/** A wevtutil-style export: UTF-16LE with a BOM, CRLF, namespace-prefixed elements under `<Events>`. */
export function utf16PrefixedExport(blocks: readonly string[]): Uint8Array {
  const text = `${BOM}<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>\r\n${blocks.map((b) => crlf(prefixed(b))).join('\r\n')}\r\n</Events>\r\n`;
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}

/**
 * One event per line, no root (a collector's XML log): the indentation between tags removed.
 * Only whitespace that runs from a `>` through a newline to a `<` goes; a value holding a newline
 * keeps it (the reader takes events, not lines).
 */
export function eventPerLine(blocks: readonly string[]): Uint8Array {
  return new TextEncoder().encode(blocks.map((b) => b.replace(/>[ \t]*\r?\n[ \t]*</g, '><').trim()).join('\n') + '\n');
}
