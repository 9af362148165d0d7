import { spawn, type ChildProcess } from 'node:child_process';

/** One process spinning a CPU core, as a busy CI neighbour does, until killed (at most 10 minutes). */
export function spinNeighbour(): ChildProcess {
  return spawn(process.execPath, ['-e', 'const end = Date.now() + 600000; while (Date.now() < end) {}'], { stdio: 'ignore' });
}
