/**
 * Seeded random Go benchmark files (golang.org/design/14313-benchmark-format) for the
 * differential test against real benchstat: pairs of "old" and "new" inputs with the
 * shapes that have broken byte-identity before — many sample sizes (1, 2, 5, 6, 24, 30 and
 * around the exact/approximate switch points), ties, zeros, several units (sec/op, B/op,
 * allocs/op, pre-scaled and custom units, `assume=exact`), several configurations in one
 * file, and benchmarks present on one side only.
 */
import { seededRandom } from '../../src/core/random.js';

export interface GoBenchPair {
  seed: number;
  old: string;
  new: string;
}

/** Sample sizes: the switch points of go-moremath's statistics and their neighbours. */
const SIZES = [1, 1, 2, 2, 3, 4, 5, 5, 6, 6, 7, 8, 9, 10, 10, 12, 15, 20, 21, 22, 23, 24, 24, 24, 25, 26, 27, 28, 29, 30, 30, 31, 35, 40, 49, 50, 51];

const UNITS: Array<{ unit: string; scale: number; integer: boolean }> = [
  { unit: 'ns/op', scale: 1e3, integer: false },
  { unit: 'B/op', scale: 1e3, integer: true },
  { unit: 'allocs/op', scale: 10, integer: true },
  { unit: 'MB/s', scale: 100, integer: false },
  { unit: 'ns/frame', scale: 1e6, integer: false },
  { unit: 'frames/sec', scale: 50, integer: false },
  { unit: 'p99-ns', scale: 1e5, integer: true },
  { unit: 'bytes', scale: 1e9, integer: true },
  { unit: 'widgets', scale: 0.01, integer: false },
];

const NAMES = ['Encode', 'Decode/size=1K', 'Decode/size=64K', 'Parse', 'Hash/crc32', 'Sort/n=100', 'Alloc', 'Búsqueda/x,y'];
const PROCS = ['', '-2', '-8'];

type Rand = () => number;

const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

/** How one benchmark's values are drawn on one side. */
interface SampleShape {
  n: number;
  center: number;
  noise: number;
  /** Digits kept: few digits → many ties. */
  digits: number;
  integer: boolean;
  zeroChance: number;
  negativeChance: number;
}

function drawValue(rand: Rand, s: SampleShape): number {
  if (rand() < s.zeroChance) return 0;
  if (rand() < s.negativeChance) return -s.center * rand();
  // A skewed, occasionally heavy-tailed noise, as benchmarks have.
  const u = rand();
  const heavy = rand() < 0.1 ? 1 + rand() * 3 : 1;
  let v = s.center * (1 + s.noise * (u - 0.3) * heavy);
  if (v < 0) v = -v;
  if (s.integer) return Math.round(v);
  const mag = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-300))) - s.digits + 1);
  return Math.round(v / mag) * mag;
}

/** Decimal text Go's ParseFloat reads as the same double JavaScript's Number does. */
function valueText(v: number, rand: Rand): string {
  if (v === 0) return '0';
  if (Number.isInteger(v) && v < 1e15) return String(v);
  const text = Number(v.toPrecision(12)).toString();
  return rand() < 0.1 ? Number(text).toExponential() : text;
}

function benchLines(rand: Rand, name: string, units: typeof UNITS, shapes: SampleShape[]): string[] {
  const lines: string[] = [];
  const n = shapes[0]?.n ?? 1;
  for (let i = 0; i < n; i++) {
    const iterations = 1 + Math.floor(rand() * 1e6);
    const fields = units.map((u, k) => `${valueText(drawValue(rand, shapes[k] as SampleShape), rand)} ${u.unit}`);
    const sep = rand() < 0.5 ? '\t' : '  ';
    lines.push(`Benchmark${name}${sep}${iterations}${sep}${fields.join(sep)}`);
  }
  return lines;
}

interface Plan {
  configs: Array<Array<[string, string]>>;
  benches: Array<{ name: string; units: typeof UNITS; inOld: boolean; inNew: boolean }>;
  exactUnits: string[];
}

function makePlan(rand: Rand): Plan {
  const configs: Array<Array<[string, string]>> = [];
  const nConfigs = rand() < 0.75 ? 1 : 2 + Math.floor(rand() * 2);
  for (let c = 0; c < nConfigs; c++) {
    const cfg: Array<[string, string]> = [];
    if (rand() < 0.8) cfg.push(['goos', c === 1 ? 'darwin' : 'linux']);
    if (rand() < 0.7) cfg.push(['goarch', 'amd64']);
    if (rand() < 0.6) cfg.push(['pkg', c === 2 ? 'example.com/other' : 'example.com/codec']);
    if (rand() < 0.3) cfg.push(['cpu', 'Intel(R) Xeon(R) CPU @ 2.20GHz']);
    configs.push(cfg);
  }
  const nBenches = 1 + Math.floor(rand() * 4);
  const names = [...NAMES].sort(() => rand() - 0.5).slice(0, nBenches);
  const procs = pick(rand, PROCS);
  const baseUnits = [UNITS[0] as (typeof UNITS)[number]];
  if (rand() < 0.5) baseUnits.push(UNITS[1] as (typeof UNITS)[number], UNITS[2] as (typeof UNITS)[number]);
  if (rand() < 0.4) baseUnits.push(pick(rand, UNITS.slice(3)));
  const benches = names.map((name) => {
    const missing = rand();
    const units = rand() < 0.2 ? [pick(rand, UNITS)] : baseUnits;
    return { name: name + procs, units, inOld: missing > 0.12, inNew: missing < 0.88 || missing > 0.94 };
  });
  const exactUnits = rand() < 0.15 ? [pick(rand, ['B/op', 'allocs/op', 'widgets'])] : [];
  return { configs, benches, exactUnits };
}

function shapeFor(rand: Rand, unit: (typeof UNITS)[number], n: number, center: number): SampleShape {
  const tieHeavy = rand() < 0.35;
  return {
    n,
    center,
    noise: rand() < 0.1 ? 0 : rand() * (rand() < 0.5 ? 0.05 : 0.6),
    digits: tieHeavy ? 1 + Math.floor(rand() * 2) : 3 + Math.floor(rand() * 6),
    integer: unit.integer,
    zeroChance: rand() < 0.1 ? 0.3 + rand() * 0.7 : 0,
    negativeChance: rand() < 0.03 ? 0.5 : 0,
  };
}

function renderSide(rand: Rand, plan: Plan, side: 'old' | 'new', centers: Map<string, number>, sizes: Map<string, number>): string {
  const lines: string[] = [];
  for (const unit of plan.exactUnits) lines.push(`Unit ${unit} assume=exact`);
  if (rand() < 0.1) lines.push('Unit ns/op better=lower', 'BenchmarkBroken 12 x ns/op', 'Benchmarkbroken', 'Unit');
  plan.configs.forEach((cfg, ci) => {
    for (const [k, v] of cfg) lines.push(`${k}: ${v}`);
    if (ci > 0 && rand() < 0.3) lines.push('goarch:');
    for (const b of plan.benches) {
      if ((side === 'old' && !b.inOld) || (side === 'new' && !b.inNew)) continue;
      const key = `${ci}/${b.name}`;
      const n = sizes.get(`${side}/${key}`) as number;
      const shapes = b.units.map((u) => shapeFor(rand, u, n, centers.get(`${key}/${u.unit}`) as number));
      lines.push(...benchLines(rand, b.name, b.units, shapes));
    }
    if (rand() < 0.3) lines.push('PASS', `ok  \texample.com/codec\t${(rand() * 10).toFixed(3)}s`);
  });
  return `${lines.join(rand() < 0.1 ? '\r\n' : '\n')}\n`;
}

/** One random old/new pair; the same seed always gives the same pair. */
export function randomGoBenchPair(seed: number): GoBenchPair {
  const rand = seededRandom(seed);
  const plan = makePlan(rand);
  const centers = new Map<string, number>();
  const sizes = new Map<string, number>();
  plan.configs.forEach((_, ci) => {
    for (const b of plan.benches) {
      const key = `${ci}/${b.name}`;
      const nOld = pick(rand, SIZES);
      sizes.set(`old/${key}`, nOld);
      sizes.set(`new/${key}`, rand() < 0.6 ? nOld : pick(rand, SIZES));
      for (const u of b.units) centers.set(`${key}/${u.unit}`, u.scale * Math.pow(10, rand() * 4 - 2));
    }
  });
  const old = renderSide(rand, plan, 'old', centers, sizes);
  // The new side: same centers, sometimes shifted.
  for (const [k, v] of centers) if (rand() < 0.5) centers.set(k, v * (0.7 + rand() * 0.6));
  return { seed, old, new: renderSide(rand, plan, 'new', centers, sizes) };
}
