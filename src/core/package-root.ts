import { fileURLToPath } from 'node:url';

/**
 * The loadgate package directory (holds scenarios/, bin/, package.json). Both
 * src/core/*.ts and dist/core/*.js sit two levels below it.
 */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
