/** The line k6 prints when it cannot load the script, whatever the cause: an abort in init, a syntax error, an option it cannot decode. */
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** k6 failing to load the script (an abort in init, an option it cannot decode): `could not initialize …: <reason>`. */
export function scriptLoadMessage(scriptPath: string, reason: string): string {
  const abs = resolve(scriptPath);
  const rel = relative(process.cwd(), abs);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : abs;
  return `could not initialize '${shown}': could not load JS test '${pathToFileURL(abs).href}': ${reason}`;
}
