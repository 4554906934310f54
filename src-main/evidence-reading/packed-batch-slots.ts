/**
 * What a `PackedBatchEncoder` remembers between events and batches to write strings and object
 * shapes cheaply (packed-batch-encode.ts). Nothing here changes what a batch decodes to. Bounded: the shapes are forgotten once they
 * hold more keys than `MAX_REMEMBERED_KEYS` (a stream of ever-new field names).
 */

/** The shapes remembered, by their total key count, before they are all forgotten (at a batch's end). */
export const MAX_REMEMBERED_KEYS = 1 << 16;

/**
 * One place strings are written: an event key, or one key of one object shape (the elements of an
 * array share their array's place). Holds the last string interned there with its number in the
 * batch numbered `epoch`, and the shape of the last object written there.
 */
export class StringSlot {
  last: string | null = null;
  id = -1;
  epoch = 0;
  shape: Shape | null = null;

  remember(s: string, id: number, epoch: number): void {
    this.last = s;
    this.id = id;
    this.epoch = epoch;
  }
}

/** An object shape: its keys in order, a place per key, and its number in the batch numbered `epoch`. */
export interface Shape {
  readonly keys: readonly string[];
  readonly slots: readonly StringSlot[];
  id: number;
  epoch: number;
}

/** The shapes seen, found by their first key ('' for the empty object) and then compared key by key. */
export class ShapeRegistry {
  private byFirstKey = new Map<string, Shape[]>();
  private keyCount = 0;

  /** Keys held by the remembered shapes (each shape counts one more, for the empty one). */
  get size(): number {
    return this.keyCount;
  }

  find(keys: readonly string[]): Shape {
    const first = keys.length === 0 ? '' : keys[0]!;
    let list = this.byFirstKey.get(first);
    if (list === undefined) { list = []; this.byFirstKey.set(first, list); }
    for (let j = 0; j < list.length; j++) {
      const known = list[j]!.keys;
      if (known.length !== keys.length) continue;
      let same = true;
      // Property names are internalised: `!==` is a pointer test.
      for (let i = 1; i < keys.length; i++) if (known[i] !== keys[i]) { same = false; break; }
      if (same) return list[j]!;
    }
    const shape: Shape = { keys, slots: keys.map(() => new StringSlot()), id: -1, epoch: 0 };
    list.push(shape);
    this.keyCount += keys.length + 1;
    return shape;
  }

  /** Forgets every shape once they hold too many keys; true when it did (the caller then drops its own references). */
  trim(): boolean {
    if (this.keyCount <= MAX_REMEMBERED_KEYS) return false;
    this.byFirstKey = new Map();
    this.keyCount = 0;
    return true;
  }
}
