import { link, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, basename, join } from 'node:path';
import { mkdirLevels } from './output-dir.js';

/**
 * Writes `data` to `file` so that readers see either the old content or the new,
 * never a half-written file: write a temp file in the same directory, then rename.
 * With `exclusive`, refuses (EEXIST) instead of replacing an existing file.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  options: { exclusive?: boolean } = {},
): Promise<void> {
  const dir = dirname(file);
  await mkdirLevels(dir);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data);
    if (options.exclusive) {
      // link() fails with EEXIST when the destination exists, unlike rename().
      await link(tmp, file);
      await rm(tmp, { force: true });
    } else {
      await rename(tmp, file);
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
