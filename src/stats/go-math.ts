/**
 * The few functions of Go's `math` package that benchstat's numbers depend on, computed
 * operation for operation as benchstat (Go 1.19, linux/amd64) computes them, so that
 * loadgate's port prints the same digits: JavaScript's Math.log and Math.exp are accurate
 * but not identical to Go's in the last bit, and the last bit shows in benchstat's CSV
 * (full-precision geomeans), in whether a binomial PMF is exactly symmetric (which side
 * a median's interval widens to at n = 21..30), and in whether 1 − Φ(z) rounds to 0 (a
 * p-value of exactly 0 is not printed).
 *
 * - log: the algorithm of Go's amd64 assembly (FreeBSD's e_log.c reduction and polynomial).
 * - exp: Go's amd64 assembly (after N. Shibata's SLEEF: reduction by ln 2 split in two, a
 *   degree-8 Taylor polynomial at x/16, four squarings), on its FMA path, which Go takes on
 *   every x86-64 CPU with AVX and FMA (all since 2013); the fused operations are emulated
 *   exactly with BigInt.
 * - lgamma: Go's port of FreeBSD's e_lgamma_r.c, for the arguments binomial coefficients
 *   need (positive integers).
 * - erfc: Go's port of FreeBSD's s_erf.c.
 * Constants are the fdlibm/SLEEF ones Go uses.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian on every platform Node runs on: u32[1] is the high word.
const HI = 1;
const LO = 0;

function bitsHi(x: number): number {
  f64[0] = x;
  return u32[HI] as number;
}

function fromWords(hi: number, lo: number): number {
  u32[HI] = hi >>> 0;
  u32[LO] = lo >>> 0;
  return f64[0] as number;
}

/** A finite double as an exact integer mantissa and a power of two: x = m · 2^e. */
function decompose(x: number): { m: bigint; e: number } {
  f64[0] = x;
  const hi = u32[HI] as number;
  const lo = u32[LO] as number;
  const negative = hi >>> 31 === 1;
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return { m: negative ? -m : m, e };
}

/** a·b + c rounded once (IEEE 754 fusedMultiplyAdd), as VFMADD does. */
export function fma(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c)) return a * b + c;
  if (a === 0 || b === 0) return a * b + c;
  const pa = decompose(a);
  const pb = decompose(b);
  const pc = decompose(c);
  let m = pa.m * pb.m;
  let e = pa.e + pb.e;
  if (pc.m !== 0n) {
    if (pc.e >= e) m += pc.m << BigInt(pc.e - e);
    else {
      m = (m << BigInt(e - pc.e)) + pc.m;
      e = pc.e;
    }
  }
  if (m === 0n) return a * b + c; // an exact zero keeps IEEE's sign rules
  const negative = m < 0n;
  let mag = negative ? -m : m;
  // Keep 64 significant bits, folding the rest into a sticky bit, so one rounding by
  // Number() below is the correct rounding of the exact value.
  const bits = mag.toString(2).length;
  if (bits > 64) {
    const shift = BigInt(bits - 64);
    const sticky = (mag & ((1n << shift) - 1n)) !== 0n ? 1n : 0n;
    mag = (mag >> shift) | sticky;
    e += bits - 64;
  }
  const scaled = Number(mag) * Math.pow(2, Math.max(e, -1000)) * Math.pow(2, Math.min(0, e + 1000));
  return negative ? -scaled : scaled;
}

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const HALF_SQRT2 = 7.07106781186547524401e-1;
const LOG_P = [
  6.666666666666735130e-1, 3.999999999940941908e-1, 2.857142874366239149e-1, 2.222219843214978396e-1,
  1.818357216161805012e-1, 1.531383769920937332e-1, 1.479819860511658591e-1,
] as const;

/** Go's math.Log on amd64. */
export function goLog(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x === 0) return -Infinity;
  if (x < 0) return NaN;
  if (x === Infinity) return x;
  const hi = bitsHi(x);
  f64[0] = x;
  const lo = u32[LO] as number;
  // Frexp by bit surgery: the mantissa bits under 0.5's exponent.
  let f1 = fromWords((hi & 0x800fffff) | 0x3fe00000, lo);
  let k = ((hi >>> 20) & 0x7ff) - 0x3fe;
  // The assembly tests "not HSqrt2 < f1", so f1 equal to √2/2 is scaled too.
  if (!(HALF_SQRT2 < f1)) {
    k -= 1;
    f1 *= 2;
  }
  const f = f1 - 1;
  const s = f / (2 + f);
  const s2 = s * s;
  const s4 = s2 * s2;
  const [l1, l2, l3, l4, l5, l6, l7] = LOG_P;
  const t1 = s2 * (l1 + s4 * (l3 + s4 * (l5 + s4 * l7)));
  const t2 = s4 * (l2 + s4 * (l4 + s4 * l6));
  const r = t1 + t2;
  const hfsq = 0.5 * f * f;
  return k * LN2_HI - ((hfsq - (s * (hfsq + r) + k * LN2_LO)) - f);
}

const LOG2E = Number('1.4426950408889634073599246810018920');
const LN2U = Number('0.69314718055966295651160180568695068359375');
const LN2L = Number('0.28235290563031577122588448175013436025525412068e-12');
const EXP_OVERFLOW = 7.09782712893384e2;
const EXP_TAYLOR = [
  Number('2.4801587301587301587e-5'),
  Number('1.9841269841269841270e-4'),
  Number('1.3888888888888888889e-3'),
  Number('8.3333333333333333333e-3'),
  Number('4.1666666666666666667e-2'),
  Number('1.6666666666666666667e-1'),
  0.5,
  1,
] as const;

/** CVTSD2SL: round to nearest (ties to even) into an int32; out of range gives INT32_MIN. */
function toInt32Nearest(x: number): number {
  if (!(Math.abs(x) < 2147483648)) return -2147483648;
  const r = Math.round(x);
  // Math.round rounds ties up; the CPU rounds them to even.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Go's math.Exp on amd64 with AVX and FMA. */
export function goExp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  const k = toInt32Nearest(LOG2E * x);
  let r = fma(-k, LN2U, x);
  r = fma(-k, LN2L, r);
  r *= 0.0625;
  let p = EXP_TAYLOR[0] as number;
  for (let i = 1; i < EXP_TAYLOR.length; i++) p = fma(p, r, EXP_TAYLOR[i] as number);
  // e^(r) − 1, then squared four times: (1 + y)² − 1 = y · (y + 2).
  let y = r * p;
  for (let i = 0; i < 3; i++) y *= y + 2;
  y = fma(y + 2, y, 1);
  let biased = k + 0x3ff;
  if (biased <= 0) {
    if (biased < -52) return 0;
    y *= fromWords((biased + 0x3fe) << 20, 0);
    biased = 1;
  } else if (biased >= 0x7ff) return Infinity;
  return y * fromWords(biased << 20, 0);
}

const LGAMMA_W = [
  4.18938533204672725052e-1, 8.33333333333329678849e-2, -2.77777777728775536470e-3, 7.93650558643019558500e-4,
  -5.95187557450339963135e-4, 8.36339918996282139126e-4, -1.63092934096575273989e-3,
] as const;

/**
 * Go's math.Lgamma for the positive integers 1 … 2^53 (what binomial coefficients need):
 * Γ(1) = Γ(2) = 1 exactly, log((x−1)!) below 8, Stirling's series from 8 on.
 */
export function goLgammaInt(x: number): number {
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`goLgammaInt takes a positive integer, got ${x}`);
  if (x <= 2) return 0;
  if (x < 8) {
    let z = 1;
    for (let i = x - 1; i >= 2; i--) z *= i;
    return goLog(z);
  }
  const t = goLog(x);
  const z = 1 / x;
  const y = z * z;
  const [w0, w1, w2, w3, w4, w5, w6] = LGAMMA_W;
  const w = w0 + z * (w1 + y * (w2 + y * (w3 + y * (w4 + y * (w5 + y * w6)))));
  return (x - 0.5) * (t - 1) + w;
}

/**
 * go-moremath's binomial coefficient C(n, k) as a double: exact integer arithmetic up to
 * n = 20, exp(lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1)) above — which makes C(n, k) and
 * C(n, n−k) differ in the last bits for some n > 20.
 */
export function goChoose(n: number, k: number): number {
  if (k === 0 || k === n) return 1;
  if (k < 0 || n < k) return 0;
  if (n <= 20) {
    let numer = 1n;
    for (let i = BigInt(n - k + 1); i <= BigInt(n); i++) numer *= i;
    let denom = 1n;
    for (let i = 2n; i <= BigInt(k); i++) denom *= i;
    return Number(numer / denom);
  }
  return goExp(goLgammaInt(n + 1) - goLgammaInt(k + 1) - goLgammaInt(n - k + 1));
}

const ERX = 8.45062911510467529297e-1;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5] as const;
const QQ = [3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6] as const;
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1,
  -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3,
] as const;
const QA = [1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2] as const;
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1,
  -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592,
] as const;
const SA = [
  1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2,
  4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2,
] as const;
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2,
  -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2,
] as const;
const SB = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3,
  2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1,
] as const;

/** c[0] + s·(c[1] + s·(… c[n−1])), innermost first, as the Go source nests it. */
function horner(c: readonly number[], s: number): number {
  let acc = c[c.length - 1] as number;
  for (let i = c.length - 2; i >= 0; i--) acc = (c[i] as number) + s * acc;
  return acc;
}

/** 1 + s·(c[0] + s·(c[1] + …)). */
function hornerOne(c: readonly number[], s: number): number {
  return 1 + s * horner(c, s);
}

/** Go's math.Erfc. */
export function goErfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 0;
  if (x === -Infinity) return 2;
  let sign = false;
  if (x < 0) {
    x = -x;
    sign = true;
  }
  if (x < 0.84375) {
    let temp: number;
    if (x < 1 / 2 ** 56) temp = x;
    else {
      const z = x * x;
      const y = horner(PP, z) / hornerOne(QQ, z);
      temp = x < 0.25 ? x + x * y : 0.5 + (x * y + (x - 0.5));
    }
    return sign ? 1 + temp : 1 - temp;
  }
  if (x < 1.25) {
    const s = x - 1;
    const p = horner(PA, s);
    const q = hornerOne(QA, s);
    return sign ? 1 + ERX + p / q : 1 - ERX - p / q;
  }
  if (x < 28) {
    const s = 1 / (x * x);
    let r: number;
    let q: number;
    if (x < 1 / 0.35) {
      r = horner(RA, s);
      q = hornerOne(SA, s);
    } else {
      if (sign && x > 6) return 2;
      r = horner(RB, s);
      q = hornerOne(SB, s);
    }
    const z = fromWords(bitsHi(x), 0); // x with its low 32 bits cleared
    const e = goExp(-z * z - 0.5625) * goExp((z - x) * (z + x) + r / q);
    return sign ? 2 - e / x : e / x;
  }
  return sign ? 2 : 0;
}

/** go-moremath's NormalDist{mu, sigma}.CDF: erfc(−(x−μ)/(σ√2)) / 2. */
export function goNormalCdf(x: number, mu = 0, sigma = 1): number {
  return goErfc(-(x - mu) / (sigma * Math.SQRT2)) / 2;
}

/** go-moremath's NormalDist.InvCDF: Acklam's rational approximation and one refinement step. */
export function goNormalInvCdf(p: number, mu = 0, sigma = 1): number {
  if (p < 0 || p > 1 || Number.isNaN(p)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const [a1, a2, a3, a4, a5, a6] = a as [number, number, number, number, number, number];
  const [b1, b2, b3, b4, b5] = b as [number, number, number, number, number];
  const [c1, c2, c3, c4, c5, c6] = c as [number, number, number, number, number, number];
  const [d1, d2, d3, d4] = d as [number, number, number, number];
  const plow = 0.02425;
  let x: number;
  if (p < plow) {
    const q = Math.sqrt(-2 * goLog(p));
    x = (((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else if (1 - plow < p) {
    const q = Math.sqrt(-2 * goLog(1 - p));
    x = -(((((c1 * q + c2) * q + c3) * q + c4) * q + c5) * q + c6) / ((((d1 * q + d2) * q + d3) * q + d4) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a1 * r + a2) * r + a3) * r + a4) * r + a5) * r + a6) * q) / (((((b1 * r + b2) * r + b3) * r + b4) * r + b5) * r + 1);
  }
  const e = 0.5 * goErfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * goExp((x * x) / 2);
  x = x - u / (1 + (x * u) / 2);
  return x * sigma + mu;
}
