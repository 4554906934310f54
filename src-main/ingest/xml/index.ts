export { EventXmlReader, readEventXml, readEventXmlBytes } from './reader.ts';
export type { ReadEvent, XmlReaderOptions, XmlReadResult } from './reader.ts';
export { ByteTextDecoder, decodeText, detectEncoding } from './decode.ts';
export type { DetectedEncoding, TextEncodingName } from './decode.ts';
