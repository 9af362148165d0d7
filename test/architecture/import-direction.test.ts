/** Data flows one way through src/: no module imports a higher stage (scripts/check-imports.mjs). */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importDirectionViolations, STAGES } from '../../scripts/check-imports.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('import direction', () => {
  it('has no import from a lower stage to a higher one', () => {
    const violations: string[] = importDirectionViolations(repoRoot);
    expect(violations, `stages, ground floor first: ${STAGES.join(' → ')}`).toEqual([]);
  });
});
