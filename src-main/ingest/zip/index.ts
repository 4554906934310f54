export { ZipArchive, DEFAULT_ZIP_LIMITS, isUnsafeName } from './archive.ts';
export type { ZipBudget, ZipEntry, ZipLimits, ZipOpenOptions } from './archive.ts';
export { bytesSource } from './source.ts';
export type { RandomAccessSource } from './source.ts';
