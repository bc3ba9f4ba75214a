// A small seeded PRNG (mulberry32) and string hashing. The simulator never uses Math.random:
// the same seed gives the same inventory, the same failures and the same fault decisions.

export class Prng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability p (p <= 0 never, p >= 1 always, and then no draw is taken). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  /** The internal state, for persistence. */
  get state(): number {
    return this.s;
  }

  set state(value: number) {
    this.s = value >>> 0;
  }
}

/** FNV-1a, 32 bits: a stable hash of a string. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A PRNG seeded from the simulator's seed and a purpose, so streams don't disturb each other. */
export function streamFor(seed: number, purpose: string): Prng {
  return new Prng((fnv1a(purpose) ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0);
}
