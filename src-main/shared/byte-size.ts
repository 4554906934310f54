/**
 * Sizes in one unit everywhere (issue 19: the CLI, the app and the PDF report): decimal megabytes,
 * 1 MB = 10^6 bytes (SI, as disk vendors and most forensic tools state file sizes). Locale-free.
 */

/** `n` bytes in MB: three decimals below 0.1 MB ("0.070 MB"), two below 10 MB ("1.95 MB"), one above ("734.0 MB"); under 1,000 bytes as bytes. */
export function formatMegabytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  if (n < 1000) return `${Math.round(n)} B`;
  const mb = n / 1e6;
  return `${mb.toFixed(mb < 0.1 ? 3 : mb < 10 ? 2 : 1)} MB`;
}
