// about: a TypeScript script (k6 v2 runs .ts itself): types erased, and an error's line and column in the .ts source
// conformance: {"counts":["iterations","checks"]}
import { check } from 'k6';

interface Item {
  name: string;
  size: number;
}

export const options = { iterations: 2 };

function total(items: Item[]): number {
  return items.reduce((sum, item) => sum + item.size, 0);
}

export default function (): void {
  const items: Item[] = [{ name: 'a', size: 2 }, { name: 'b', size: 3 }];
  check(total(items), { 'typed code runs': (n: number) => n === 5 });
  if (__ITER === 1) throw new Error(`typed failure in ${items.length} items`);
}
