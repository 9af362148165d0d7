/** src/ folders from the ground floor up. */
export declare const STAGES: readonly string[];
/** Every import in src/ that runs from a lower stage to a higher one, as `file:line imports '…': why`. */
export declare function importDirectionViolations(repoRoot: string): string[];
