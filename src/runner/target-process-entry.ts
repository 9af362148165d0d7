/**
 * Child-process entry of the reference target started by the runner: the target
 * runs in its own process so that it and the load generator compete for the CPU
 * through the OS scheduler, as a real service and a real load tool do.
 * Protocol: options as JSON in argv[2]; prints one JSON line `{"url": ...}` when
 * listening; exits on SIGTERM, SIGINT or when the parent's stdin closes.
 */
import { startTarget } from '../target/index.js';

async function serve(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>;
  const target = await startTarget(options);
  process.stdout.write(`${JSON.stringify({ url: target.url })}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    target.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // If the parent dies without signalling us, its end of our stdin closes.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

serve().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
