/**
 * V8 compiles typed-array reads without a check for a detached buffer for as long as no
 * ArrayBuffer of the isolate has ever been detached (its "array buffer detaching protector").
 * The first detach, a worker's first batch posted with its buffers transferred, invalidates that
 * protector, and with it every optimised function that read a typed array: in a triage, the whole
 * parser and the batch writer (ByteCursor, readTemplateInstance, parseTokens, the value caches,
 * the writer's `word` and `text`: `--trace-deopt` showed some 20 functions of a worker marked at
 * once, "code dependencies"), compiled again by TurboFan a moment later; and after a warm-up that
 * had posted nothing (warm-up.ts), all its JIT work thrown away at the first real item.
 *
 * A worker that transfers buffers therefore detaches one of its own before it compiles anything:
 * its code is optimised with the checks from the start, as it would be after its first batch
 * anyway, and nothing is thrown away. Call once, first thing, in a worker entry.
 */
export function settleDetachProtector(): void {
  const buffer = new ArrayBuffer(8);
  structuredClone(buffer, { transfer: [buffer] });
  if (buffer.byteLength !== 0) throw new Error('an ArrayBuffer was not detached by its transfer');
}
