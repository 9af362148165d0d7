import { vi } from 'vitest';

/**
 * Captures what an in-process command writes (restore with vi.restoreAllMocks): resolves
 * with the first stdout line, and keeps stderr.
 */
export function captureStdout(): { firstLine: Promise<string>; stderr: () => string } {
  let err = '';
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    resolveLine(String(chunk).split('\n')[0] ?? '');
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += String(chunk);
    return true;
  });
  return { firstLine, stderr: () => err };
}
