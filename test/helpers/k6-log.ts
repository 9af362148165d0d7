/**
 * The text of k6-style log lines on stderr (`loadgate k6 run` logs logfmt when stderr is not
 * a terminal, as in tests): each line's message, `: error` after it when there is one,
 * unescaped; other lines as they are.
 */
import { parseLogfmt } from '../../src/runner/k6-binary/k6-log-lines.js';

export function k6LogText(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => {
      const r = parseLogfmt(line);
      if (!r) return line;
      return r.error ? `${r.msg ?? ''}: ${r.error}` : (r.msg ?? '');
    })
    .join('\n');
}
