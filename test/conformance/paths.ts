import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/core/package-root.js';

/** Where the conformance scripts live (k6 and the engine both name it in stack traces). */
export const SCRIPTS_DIR = join(PACKAGE_ROOT, 'test', 'conformance', 'scripts');
