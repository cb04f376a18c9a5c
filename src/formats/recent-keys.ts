/**
 * Keys in least-recently-used order, with a value each: what `map.delete(k); map.set(k, v)` on a
 * Map gives, without re-inserting into the hash table on every use (a linked list keeps the
 * order; the table is touched only for new and dropped keys). Iteration goes oldest first.
 */
interface Entry<V> {
  key: string;
  value: V;
  older: Entry<V> | null;
  newer: Entry<V> | null;
}

export class RecentKeys<V> {
  private readonly map = new Map<string, Entry<V>>();
  private oldestEntry: Entry<V> | null = null;
  private newestEntry: Entry<V> | null = null;

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** the value of `key` (its place in the order unchanged) */
  get(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  /** the value of `key`, made the newest key; undefined (nothing changed) when it is not there */
  touch(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) {
      return undefined;
    }
    if (e !== this.newestEntry) {
      this.unlink(e);
      this.link(e);
    }
    return e.value;
  }

  /**
   * Makes `key` the newest, with `value`. A new key is stored as `keep(key)` (an own copy, say);
   * a known one keeps the key it was stored with. Returns the stored key.
   */
  use(key: string, value: V, keep: (key: string) => string = (k) => k): string {
    let e = this.map.get(key);
    if (e === undefined) {
      e = { key: keep(key), value, older: null, newer: null };
      this.map.set(e.key, e);
    } else {
      e.value = value;
      if (e === this.newestEntry) {
        return e.key;
      }
      this.unlink(e);
    }
    this.link(e);
    return e.key;
  }

  /** puts an unlinked entry in as the newest */
  private link(e: Entry<V>): void {
    e.older = this.newestEntry;
    e.newer = null;
    if (this.newestEntry !== null) {
      this.newestEntry.newer = e;
    } else {
      this.oldestEntry = e;
    }
    this.newestEntry = e;
  }

  delete(key: string): boolean {
    const e = this.map.get(key);
    if (e === undefined) {
      return false;
    }
    this.map.delete(key);
    this.unlink(e);
    return true;
  }

  /** the least recently used key */
  oldest(): string | undefined {
    return this.oldestEntry?.key;
  }

  clear(): void {
    this.map.clear();
    this.oldestEntry = null;
    this.newestEntry = null;
  }

  private unlink(e: Entry<V>): void {
    if (e.older !== null) {
      e.older.newer = e.newer;
    } else {
      this.oldestEntry = e.newer;
    }
    if (e.newer !== null) {
      e.newer.older = e.older;
    } else {
      this.newestEntry = e.older;
    }
    e.older = null;
    e.newer = null;
  }
}
