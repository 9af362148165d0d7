/**
 * How a script's VUs map to threads. Async-only scripts and sync scripts the
 * asyncify rewrite can prove safe share one event-loop thread per spare core; the
 * rest get one thread per VU, each blocking in its sync calls.
 */
import { asyncifyScript } from '../script/asyncify.js';
import { scriptMayBlock } from '../script/blocking-calls.js';
import type { CompiledScript } from '../script/compiled-script.js';
import type { VuThreading } from './vu-pool.js';

export interface ThreadPlanInfo {
  vuThreads: VuThreading;
  /** `none`: the script makes no blocking call; `awaited`: rewritten to await them; `blocking`: they block their VU's thread. */
  syncCalls: 'none' | 'awaited' | 'blocking';
  /** Why a sync script could not be rewritten (it then runs a thread per VU). */
  reason?: string;
}

export function planVuThreads(script: CompiledScript, requested: 'auto' | 'per-vu' | 'shared'): { script: CompiledScript; info: ThreadPlanInfo } {
  if (requested === 'per-vu') return { script, info: { vuThreads: 'per-vu', syncCalls: scriptMayBlock(script.code) ? 'blocking' : 'none' } };
  const shared: VuThreading = 'shared';
  if (!scriptMayBlock(script.code)) return { script, info: { vuThreads: shared, syncCalls: 'none' } };
  const rewrite = asyncifyScript(script);
  if (rewrite.kind === 'asyncified') return { script: rewrite.script, info: { vuThreads: shared, syncCalls: 'awaited' } };
  if (rewrite.kind === 'non-blocking') return { script, info: { vuThreads: shared, syncCalls: 'none' } };
  // `shared` was asked for: the VUs of a thread then take turns in their blocking calls.
  return { script, info: { vuThreads: requested === 'shared' ? 'shared' : 'per-vu', syncCalls: 'blocking', reason: rewrite.reason } };
}
