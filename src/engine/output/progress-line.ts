/** k6's live progress line: `running (01.0s), 05/10 VUs, 14532 complete and 0 interrupted iterations`. */
import type { EngineProgress } from '../types.js';

/** Elapsed time as k6 prints it: `07.3s`, `1m02.5s`, `1h00m02.5s`. */
export function formatElapsed(ms: number): string {
  const tenths = Math.max(0, Math.floor(ms / 100));
  const sec = `${String(Math.floor(tenths / 10) % 60).padStart(2, '0')}.${tenths % 10}s`;
  const minutes = Math.floor(tenths / 600);
  if (minutes === 0) return sec;
  if (minutes < 60) return `${minutes}m${sec}`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m${sec}`;
}

export function formatProgressLine(p: EngineProgress): string {
  const max = p.vusMax ?? p.vus;
  const vus = `${String(p.vus).padStart(String(max).length, '0')}/${max}`;
  return `running (${formatElapsed(p.elapsedMs)}), ${vus} VUs, ${p.iterations} complete and ${p.interruptedIterations} interrupted iterations`;
}
