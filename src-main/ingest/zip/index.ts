export { ZipArchive, DEFAULT_ZIP_LIMITS } from './archive';
export type { ZipEntry } from './archive';
export { SharedZipBudget, createZipBudget } from './budget';
export type { ZipBudget } from './budget';
export { bytesSource } from './source';
export type { RandomAccessSource } from './source';

/*
 * `zip.unsafe_name` (in `ZipArchive.issues`) is a warning. Thrown `IngestError` codes are errors:
 * for the whole archive from `open` (`zip.bomb`, `zip.corrupt`, `zip.unsupported`), for one member
 * from `stream` / `readAll` / `openNested` (`zip.bomb`, `zip.corrupt`, `zip.crc_mismatch`,
 * `zip.encrypted`, `zip.unsupported_method`, `zip.too_large`, `zip.nesting`).
 */
