export { EventXmlReader, readEventXml, readEventXmlBytes } from './reader';
export type { ReadEvent } from './reader';
export { ByteTextDecoder } from './decode';

/**
 * Issue codes of the XML reader that are warnings (the event or file was still read; such issues
 * carry `severity: 'warning'`); every
 * other `xml.*` code is an error (an event or the rest of the file was lost):
 * `xml.dtd_refused`, `xml.truncated`, `xml.token_too_long`, `xml.malformed`,
 * `xml.depth_exceeded`, `xml.too_many_attributes`, `xml.event_too_large`,
 * `xml.event_unreadable`.
 */
