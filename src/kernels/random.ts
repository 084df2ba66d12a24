/**
 * Seeded, deterministic pseudo-random numbers (same seed, same stream, on every
 * platform): no Math.random anywhere in the library.
 *
 * - Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom
 *   number generators", ACM TOMS 47(4), 2021), 128-bit state, 32-bit outputs,
 *   state seeded from a 32-bit seed with the splitmix32 mixer so that nearby
 *   seeds give unrelated streams.
 * - `uniform()`: 53-bit double in [0, 1) from two 32-bit outputs.
 * - `normal()`: Box–Muller transform (Box & Muller 1958), both values used.
 * - `poisson(lambda)`: Knuth's multiplication method (TAOCP vol. 2, 3.4.1) for
 *   lambda < 10 (exact; expected lambda + 1 uniforms); for lambda >= 10 the
 *   transformed rejection method with squeeze PTRS (W. Hörmann, "The
 *   transformed rejection method for generating Poisson random variables",
 *   Insurance: Mathematics and Economics 12, 1993), which is exact (rejection,
 *   not an approximation) with about 1.1 uniform pairs per draw.
 */

/** A seeded generator. All methods advance the same stream. */
export interface Rng {
  /** Next 32-bit unsigned integer. */
  nextUint32(): number;
  /** Uniform double in [0, 1). */
  uniform(): number;
  /** Uniform double in [lo, hi). */
  range(lo: number, hi: number): number;
  /** Uniform integer in [0, n). @throws RangeError when n is not a positive integer. */
  int(n: number): number;
  /** Standard normal deviate. */
  normal(): number;
  /** Poisson deviate of mean `lambda` (0 for lambda = 0). @throws RangeError for negative/non-finite lambda. */
  poisson(lambda: number): number;
  /** One element of a non-empty array, chosen uniformly. */
  pick<T>(items: readonly T[]): T;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln(k!) for a non-negative integer k: exact sum below 10, Stirling series above (error < 1e-13). */
export function logFactorial(k: number): number {
  if (k < 10) {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  }
  const x = k + 1; // ln Γ(x), x >= 11
  const x2 = x * x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + (1 / 12 - (1 / 360 - (1 / 1260 - 1 / (1680 * x2)) / x2) / x2) / x;
}

class Xoshiro128ss implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = 0;
  private hasSpare = false;

  constructor(seed: number) {
    const st = { s: seed | 0 };
    this.s0 = splitmix32(st);
    this.s1 = splitmix32(st);
    this.s2 = splitmix32(st);
    this.s3 = splitmix32(st);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // all-zero state is forbidden
  }

  nextUint32(): number {
    const s1 = this.s1;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  uniform(): number {
    const a = this.nextUint32() >>> 5; // 27 bits
    const b = this.nextUint32() >>> 6; // 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new RangeError('int(n) needs a positive integer');
    return Math.floor(this.uniform() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[this.int(items.length)]!;
  }

  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u = this.uniform();
    while (u <= 0) u = this.uniform(); // log(0) guard; probability 2^-53 per draw
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    this.hasSpare = true;
    return r * Math.cos(2 * Math.PI * v);
  }

  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new RangeError(`poisson: lambda must be finite and >= 0, got ${lambda}`);
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // Knuth: count uniforms until their product drops below exp(-lambda).
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.uniform();
      while (p > limit && k < 10000) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    return this.ptrs(lambda);
  }

  /** Hörmann (1993) PTRS, lambda >= 10. */
  private ptrs(lambda: number): number {
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    // Acceptance probability is about 0.9 per iteration; 10000 rounds is a
    // safety bound that is never reached in practice (0.1^10000).
    for (let iter = 0; iter < 10000; iter++) {
      const u = this.uniform() - 0.5;
      const v = this.uniform();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      const lhs = Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b);
      const rhs = -lambda + k * loglam - logFactorial(k);
      if (lhs <= rhs) return k;
    }
    // Unreachable in practice; fall back to the rounded mean rather than loop forever.
    return Math.round(lambda);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A new generator seeded with `seed` (any finite number; the low 32 bits of its
 * integer part are used, so seeds 0..2^32-1 give distinct streams).
 * @throws RangeError for a non-finite seed.
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError('seed must be finite');
  return new Xoshiro128ss(Math.trunc(seed) >>> 0);
}

/** Derive a sub-seed (e.g. per study of a cohort) from a seed and an index, deterministically. */
export function deriveSeed(seed: number, index: number): number {
  const st = { s: ((Math.trunc(seed) >>> 0) ^ Math.imul(index + 1, 0x27d4eb2d)) | 0 };
  splitmix32(st);
  return splitmix32(st);
}
