/**
 * A VU's Math.random, as k6's randomSeed() makes it: the script sees a Math of its VU's own
 * (vu/vu.ts passes it), whose random() is the platform's until randomSeed(n) seeds it; from
 * then on the same seed gives the same sequence, in every VU and every run. (k6 seeds Go's
 * math/rand, so the numbers themselves are not k6's.) The generator is xoshiro128**, its state
 * filled from the seed by splitmix32.
 */
export class VuRandom {
  private state: Uint32Array | undefined;

  /** randomSeed(seed): k6 takes an int64; both halves go into the state. */
  seed(seed: number): void {
    const n = Math.trunc(Number(seed)) || 0;
    let x = (n | 0) ^ Math.floor(n / 0x1_0000_0000);
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.state = new Uint32Array([next(), next(), next(), next()]);
  }

  /** A float in [0, 1): 53 random bits once seeded, else Math.random(). */
  random(): number {
    if (!this.state) return Math.random();
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  private nextUint32(): number {
    const s = this.state as Uint32Array;
    const result = Math.imul(rotl(Math.imul(s[1] as number, 5), 7), 9) >>> 0;
    const t = (s[1] as number) << 9;
    s[2] = (s[2] as number) ^ (s[0] as number);
    s[3] = (s[3] as number) ^ (s[1] as number);
    s[1] = (s[1] as number) ^ (s[2] as number);
    s[0] = (s[0] as number) ^ (s[3] as number);
    s[2] = (s[2] as number) ^ t;
    s[3] = rotl(s[3] as number, 11);
    return result;
  }

  /** The Math a VU's script sees: the platform's, with this random(). */
  mathObject(): Math {
    return Object.create(Math, { random: { value: () => this.random(), writable: true, configurable: true, enumerable: false } }) as Math;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
