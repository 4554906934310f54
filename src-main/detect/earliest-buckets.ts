/**
 * Items listed by name (a process's timeline, the file events of a file name), bounded per name
 * and in total, that keep the items sorting first in `compare`, whatever order they were added in:
 * with 2 workers, batches of different files (and ranges of one file) interleave as the threads
 * are scheduled, so "the first N added" would change between two runs of the same evidence.
 *
 * - per name: a list collects up to twice its bound, then keeps the first half (amortised sort);
 *   the first item it cut becomes the list's threshold: an item sorting at or after it is not
 *   kept (one comparison: evidence read in time order adds no sort past the bound);
 * - in total: past `max` plus a slack, every list is trimmed to its bound and then the items
 *   sorting first over all lists are kept; the first one cut becomes a threshold: an item sorting
 *   at or after it can never be among the first `max` again, and is not kept;
 * - an item whose sort key moved earlier (a record read twice, re-cited by the copy that sorts
 *   first) is `relist`ed: if it had been cut, it is considered again.
 * Reading (`get`, `droppedOf`, `dropped`) applies the bounds a last time; no item is added after.
 * `dropped` counts the items added and not kept (never twice for one item).
 */
export class EarliestBuckets<T extends object> {
  /** The lists by name (within the bounds once read; in no particular order: readers sort what they show). */
  readonly byName = new Map<string, T[]>();
  private readonly droppedBy = new Map<string, number>();
  /** Items cut (or never kept), with their name: `relist` may bring one back. */
  private readonly cut = new WeakMap<T, string>();
  private held = 0;
  private total = 0;
  /** A copy of the first item cut by the total bound: items sorting at or after it are not kept. */
  private threshold: T | null = null;
  /** Per name, a copy of the first item its list cut: items sorting at or after it are not kept. */
  private readonly listThreshold = new Map<string, T>();
  private sealed = false;

  constructor(private readonly max: number, private readonly perName: number, private readonly compare: (a: T, b: T) => number) {}

  /** Adds `item` under `name` (kept or counted as dropped). */
  add(name: string, item: T): void {
    if (this.sealed) throw new Error('EarliestBuckets: add() after the lists were read');
    if (this.max <= 0 || this.perName <= 0 || (this.threshold !== null && this.compare(item, this.threshold) >= 0)) {
      this.drop(name, item, 1);
      return;
    }
    const cutAt = this.listThreshold.get(name);
    if (cutAt !== undefined && this.compare(item, cutAt) >= 0) {
      this.drop(name, item, 1);
      return;
    }
    let list = this.byName.get(name);
    if (!list) { list = []; this.byName.set(name, list); }
    list.push(item);
    this.held++;
    if (list.length >= 2 * this.perName) this.trimList(name, list);
    if (this.held > this.max + Math.max(1, this.max >> 2)) this.trimTotal();
  }

  /** `item`'s sort key moved earlier: an item that was cut is considered again. */
  relist(item: T): void {
    const name = this.cut.get(item);
    if (name === undefined || this.sealed) return;
    this.cut.delete(item);
    this.droppedBy.set(name, this.droppedBy.get(name)! - 1);
    this.total--;
    this.add(name, item);
  }

  /** Drops every item under `name` (counted as dropped): a name no longer wanted (a group past its own cap). */
  removeName(name: string): void {
    const list = this.byName.get(name);
    if (list === undefined || this.sealed) return;
    this.byName.delete(name);
    this.held -= list.length;
    for (const item of list) this.drop(name, item, 1);
  }

  /** The items kept under `name` (in no particular order). */
  get(name: string): readonly T[] {
    this.seal();
    return this.byName.get(name) ?? [];
  }

  /** Items added under `name` and not kept. */
  droppedOf(name: string): number {
    this.seal();
    return this.droppedBy.get(name) ?? 0;
  }

  /** Items added and not kept, over all names. */
  get dropped(): number {
    this.seal();
    return this.total;
  }

  private drop(name: string, item: T, n: number): void {
    this.cut.set(item, name);
    this.droppedBy.set(name, (this.droppedBy.get(name) ?? 0) + n);
    this.total += n;
  }

  /** Sorts `list` and keeps its first `perName` items. */
  private trimList(name: string, list: T[]): void {
    list.sort(this.compare);
    if (list.length <= this.perName) return;
    this.listThreshold.set(name, { ...list[this.perName]! });
    for (let i = this.perName; i < list.length; i++) this.drop(name, list[i]!, 1);
    this.held -= list.length - this.perName;
    list.length = this.perName;
  }

  /** Every list within its bound, then the `max` items that sort first over all lists. */
  private trimTotal(): void {
    const all: { item: T; name: string }[] = [];
    for (const [name, list] of this.byName) {
      if (list.length > this.perName) this.trimList(name, list);
      for (const item of list) all.push({ item, name });
    }
    if (all.length <= this.max) return;
    all.sort((a, b) => this.compare(a.item, b.item));
    this.threshold = { ...all[this.max]!.item };
    const gone = new Set<T>();
    for (let i = this.max; i < all.length; i++) {
      gone.add(all[i]!.item);
      this.drop(all[i]!.name, all[i]!.item, 1);
    }
    for (const [name, list] of this.byName) {
      const kept = list.filter((x) => !gone.has(x));
      if (kept.length === 0) this.byName.delete(name);
      else if (kept.length !== list.length) this.byName.set(name, kept);
    }
    this.held = this.max;
  }

  /** Applies the bounds to the final lists (once; a list within its bound is left as it is, unsorted). */
  private seal(): void {
    if (this.sealed) return;
    if (this.held > this.max) this.trimTotal();
    for (const [name, list] of this.byName) if (list.length > this.perName) this.trimList(name, list);
    this.sealed = true;
  }
}
