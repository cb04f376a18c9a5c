/**
 * Calls leave the builder when they finish, not in the order they started. This buffer puts them
 * back in start order for people: it holds up to `capacity` calls and, when full, lets go of the
 * earliest-started half. Small logs come out fully sorted; huge ones nearly so, in bounded memory.
 * Each item's key is read once, when it arrives (a sort would otherwise read it at every comparison).
 */
interface Keyed<T> {
  key: number;
  item: T;
}

export class ReorderBuffer<T> {
  private items: Keyed<T>[] = [];
  private readonly capacity: number;
  private readonly keyOf: (t: T) => number;
  private readonly emit: (t: T) => void;

  constructor(opts: { capacity: number; keyOf: (t: T) => number; emit: (t: T) => void }) {
    this.capacity = opts.capacity;
    this.keyOf = opts.keyOf;
    this.emit = opts.emit;
  }

  push(item: T): void {
    this.items.push({ key: this.keyOf(item), item });
    if (this.items.length >= this.capacity) {
      this.release(Math.ceil(this.capacity / 2));
    }
  }

  /** let go of everything, in order */
  drain(): void {
    this.release(this.items.length);
  }

  private release(n: number): void {
    // a stable sort: equal keys keep their arrival order
    this.items.sort((a, b) => a.key - b.key);
    const out = this.items.slice(0, n);
    this.items = this.items.slice(n);
    for (const k of out) {
      this.emit(k.item);
    }
  }
}
