import { RecentKeys } from '../../src/formats/recent-keys';

/** The model: a Map whose insertion order is the use order (delete, then set again). */
class MapModel {
  readonly map = new Map<string, number>();
  use(key: string, value: number): void {
    this.map.delete(key);
    this.map.set(key, value);
  }
}

describe('RecentKeys', () => {
  it('when keys are used, touched, dropped and the oldest taken at random, then it agrees with a Map deleted and set again', () => {
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const r = new RecentKeys<number>();
    const m = new MapModel();
    for (let i = 0; i < 20_000; i++) {
      const key = `k${next(60)}`;
      const op = next(10);
      if (op < 5) {
        r.use(key, i);
        m.use(key, i);
      } else if (op === 5) {
        // touch: the value, the key made the newest when it is there
        const had = m.map.get(key);
        expect(r.touch(key)).toBe(had);
        if (had !== undefined) {
          m.use(key, had);
        }
      } else if (op < 8) {
        expect(r.delete(key)).toBe(m.map.delete(key));
      } else {
        const oldest = r.oldest();
        expect(oldest).toBe(m.map.keys().next().value);
        if (oldest !== undefined) {
          r.delete(oldest);
          m.map.delete(oldest);
        }
      }
      expect(r.size).toBe(m.map.size);
      expect(r.get(key)).toBe(m.map.get(key));
      expect(r.has(key)).toBe(m.map.has(key));
    }
    // the whole order, oldest first
    const order: string[] = [];
    for (let k = r.oldest(); k !== undefined; k = r.oldest()) {
      order.push(k);
      r.delete(k);
    }
    expect(order).toEqual([...m.map.keys()]);
  });

  it('when a new key is used, then it is stored as kept; a known key keeps the stored one', () => {
    const r = new RecentKeys<number>();
    expect(r.use('abc', 1, (k) => `${k}`)).toBe('abc');
    expect(r.use('abc', 2, () => 'other')).toBe('abc');
    expect(r.get('abc')).toBe(2);
    r.clear();
    expect(r.size).toBe(0);
    expect(r.oldest()).toBeUndefined();
  });
});
