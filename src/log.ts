/**
 * The library reports progress through this interface instead of @actions/core, so the same
 * code serves the action (workflow commands), the CLI (stderr) and library users (anything).
 */
import { fenced, startsCommand } from './log-text.js';

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * A logger that writes plain lines to a stream; used by the CLI and tests. The CLI may run
 * in a workflow step, where its output is a runner's log: a line the runner would act on
 * is fenced (see log-text.ts).
 */
export function streamLogger(
  write: (line: string) => void,
  opts: { debug?: boolean } = {},
): Logger {
  const line = (m: string): void => write(startsCommand(m) ? fenced(m) : m);
  return {
    info: (m) => line(m),
    warning: (m) => line(`warning: ${m}`),
    debug: (m) => {
      if (opts.debug) line(`debug: ${m}`);
    },
    group: async (name, fn) => {
      line(`== ${name}`);
      return fn();
    },
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
  group: (_name, fn) => fn(),
};
