import cliProgress from 'cli-progress';
import type { RunEvent } from '../runner/run-suite.js';
import { formatRunEvent } from './print-run.js';

/** Renders runner events: a live bar on an interactive terminal, plain lines in CI and pipes. */
export interface ProgressView {
  onEvent(event: RunEvent): void;
  /** Stops the bar (idempotent); call before printing the verdict. */
  stop(): void;
}

/**
 * A progress bar needs a TTY and no CI: a redrawn line in a CI log becomes
 * hundreds of lines, so CI gets one line per finished repetition instead.
 */
export function createProgressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const interactive = Boolean(stream.isTTY) && !process.env.CI;
  return interactive ? barView(stream) : lineView(stream);
}

function lineView(stream: NodeJS.WriteStream): ProgressView {
  return {
    onEvent(event) {
      const line = formatRunEvent(event);
      if (line) stream.write(`${line}\n`);
    },
    stop() {},
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{scenario} [{bar}] {value}/{total} repetitions · {elapsed}s · {iterations} iterations · {vus} VUs',
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  let done = 0;
  /** Warnings that arrive while the bar is drawn are printed once it is gone. */
  const held: RunEvent[] = [];
  const print = (event: RunEvent): void => {
    const line = formatRunEvent(event);
    if (line) stream.write(`${line}\n`);
  };
  return {
    onEvent(event) {
      switch (event.kind) {
        case 'suite-start':
          print(event);
          // One bar over every measured repetition of every scenario.
          bar.start(event.scenarios.length * event.repetitions, 0, { scenario: 'warm-up', elapsed: '0.0', iterations: 0, vus: 0 });
          running = true;
          return;
        case 'repetition-progress':
          bar.update(done, { scenario: event.scenario, elapsed: (event.elapsedMs / 1000).toFixed(1), iterations: event.iterations, vus: event.vus });
          return;
        case 'repetition-end':
          bar.update(++done, { scenario: event.scenario });
          return;
        default:
          if (!running) print(event);
          else if (event.kind === 'warning') held.push(event);
      }
    },
    stop() {
      if (running) bar.stop();
      running = false;
      for (const event of held.splice(0)) print(event);
    },
  };
}
