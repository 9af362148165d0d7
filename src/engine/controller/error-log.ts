/** Collects error lines for EngineRunResult.errors: repeats are counted, the list is capped. */
const MAX_DISTINCT = 100;

export class ErrorLog {
  private readonly counts = new Map<string, number>();
  private dropped = 0;

  add(line: string): void {
    const n = this.counts.get(line);
    if (n !== undefined) this.counts.set(line, n + 1);
    else if (this.counts.size < MAX_DISTINCT) this.counts.set(line, 1);
    else this.dropped++;
  }

  get size(): number {
    return this.counts.size;
  }

  lines(): string[] {
    const out = [...this.counts].map(([line, n]) => (n > 1 ? `${line} (×${n})` : line));
    if (this.dropped) out.push(`… and ${this.dropped} more error lines`);
    return out;
  }
}
