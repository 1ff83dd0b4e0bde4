/**
 * Deterministic pseudo-random numbers for the generators: mulberry32 (32-bit state, Math.imul only),
 * so the same seed gives the same bytes on every machine and Node version. Never Math.random.
 */

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mix two integers into one seed (so host i of generator g has its own independent stream). */
export function mixSeed(a, b) {
  let h = (Math.imul(a >>> 0, 0x9e3779b1) ^ Math.imul((b >>> 0) + 0x7f4a7c15, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Small helpers bound to one generator function. */
export function rng(seed) {
  const next = mulberry32(seed);
  const r = {
    next,
    /** Integer in [min, max], both included. */
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** entries: [[value, weight], ...] */
    weighted: (entries) => {
      let total = 0;
      for (const [, w] of entries) total += w;
      let x = next() * total;
      for (const [v, w] of entries) {
        x -= w;
        if (x < 0) return v;
      }
      return entries[entries.length - 1][0];
    },
    /** k distinct elements of list (k clamped to the list length), in list order. */
    sample: (list, k) => {
      const n = list.length;
      k = Math.min(k, n);
      const out = [];
      let needed = k;
      for (let i = 0; i < n && needed > 0; i++) {
        if (next() * (n - i) < needed) {
          out.push(list[i]);
          needed--;
        }
      }
      return out;
    },
    /** Roughly geometric count with the given mean, capped. */
    count: (mean, cap) => {
      const u = next();
      const v = Math.floor(-Math.log(1 - u) * mean);
      return Math.min(v, cap);
    },
  };
  return r;
}
