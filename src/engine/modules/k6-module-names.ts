/**
 * Which `k6/*` import names each k6 generation knows, and how it refuses the others. The
 * engine implements fewer modules than k6 has; a module k6 has but the engine lacks gets the
 * engine's own message (the user needs to know it is the engine), one k6 does not have at all
 * gets k6's words. The lists were asked of the binaries: `k6 inspect` on a script importing
 * each name (k6 v2.2.0 with K6_AUTO_EXTENSION_RESOLUTION=false, k6 v0.49.0).
 */
import type { K6Compat } from '../k6-compat.js';
import { goQuote } from '../../core/go-quote.js';

const COMMON = [
  'k6', 'k6/http', 'k6/metrics', 'k6/execution', 'k6/data', 'k6/encoding', 'k6/crypto', 'k6/crypto/x509', 'k6/html', 'k6/ws', 'k6/net/grpc',
  // In v2 several of these only say they were removed or graduated; they are still not "unknown".
  'k6/experimental/redis', 'k6/experimental/webcrypto', 'k6/experimental/websockets', 'k6/experimental/grpc', 'k6/experimental/timers',
  'k6/experimental/tracing', 'k6/experimental/browser', 'k6/experimental/fs',
];

const K6_MODULES: Readonly<Record<K6Compat, ReadonlySet<string>>> = {
  v2: new Set([...COMMON, 'k6/timers', 'k6/browser', 'k6/secrets', 'k6/websockets', 'k6/experimental/streams', 'k6/experimental/csv']),
  'v0.49': new Set(COMMON),
};

/**
 * k6 v2's experimental modules that were removed or graduated: importing one fails in k6's
 * words (a GoError while the modules are linked, so without a stack; exit 107).
 */
const RETIRED_IN_V2: Readonly<Record<string, string>> = {
  'k6/experimental/redis': "k6/experimental/redis has been removed. Please migrate to the new version by changing your import to 'k6/x/redis'. Read more here: https://grafana.com/docs/k6/latest/javascript-api/k6-x-redis",
  'k6/experimental/webcrypto': "k6/experimental/webcrypto has been graduated and it's now globally available as defined by standard WebAPIs. You just need to remove the import.",
  'k6/experimental/grpc': 'k6/experimental/grpc has been graduated, please use k6/net/grpc instead. See https://grafana.com/docs/k6/latest/javascript-api/k6-net-grpc/ for more information.',
  'k6/experimental/tracing': 'k6/experimental/tracing has been removed. All of it functionality is available as pure JavaScript module. More info available at the docs: https://grafana.com/docs/k6/latest/javascript-api/jslib/http-instrumentation-tempo',
  'k6/experimental/browser':
    'k6/experimental/browser has been graduated, please use k6/browser instead.Please update your imports to use k6/browser instead of k6/experimental/browser, For more information, see the migration guide at the link: https://grafana.com/docs/k6/latest/using-k6-browser/migrating-to-k6-v0-52/',
  'k6/experimental/timers': "k6/experimental/timers has been graduated, and it's now globally available as defined by standard WebAPIs. You just need to remove the import.",
};

/** What the generation says when a script imports one of its retired modules; undefined for any other name. */
export function retiredModuleMessage(name: string, compat: K6Compat): string | undefined {
  return compat === 'v2' ? RETIRED_IN_V2[name] : undefined;
}

/** A `k6` / `k6/…` name the generation has no module for (extensions `k6/x/…` included: a stock binary has none). */
export function unknownToK6(name: string, compat: K6Compat): boolean {
  return (name === 'k6' || name.startsWith('k6/')) && !K6_MODULES[compat].has(name);
}

/**
 * k6 v2's refusal, raised while it loads the script (before any init code runs) for every
 * unknown name the script imports, sorted. Without K6_AUTO_EXTENSION_RESOLUTION=false k6 v2
 * would first ask a build service for a binary with them; this is what it says when it may not.
 */
export function unknownModulesMessage(names: readonly string[]): string {
  const list = [...new Set(names)].sort().map(goQuote).join(', ');
  return `unknown modules [${list}] were tried to be loaded, but couldn't - this likely means automatic extension resolution is required or a custom k6 binary with the required extensions`;
}

/** k6 v0.49's refusal: a GoError thrown by the import itself, when the init code reaches it. */
export function unknownModuleMessage(name: string): string {
  return `unknown module: ${name}`;
}
