// A TypeScript script's exceptions: positions in the .ts source (current k6 runs .ts itself).
interface Thing { name: string; size: number }
type Kind = 'error' | 'string';

function inner(kind: Kind, t: Thing): number {
  if (kind === 'string') throw 'boom';
  const n: number = t.size; throw new Error(`bad ${t.name} ${n}`);
}
function outer(kind: Kind): number {
  const thing: Thing = { name: 'x', size: 2 };
  return inner(kind, thing);
}

export const options = {
  scenarios: {
    error: { executor: 'per-vu-iterations', vus: 1, iterations: 1, env: { KIND: 'error' } },
    string: { executor: 'per-vu-iterations', vus: 1, iterations: 1, env: { KIND: 'string' } },
  },
};

export default function (): void {
  outer((__ENV.KIND ?? 'error') as Kind);
}
