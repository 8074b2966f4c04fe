/**
 * The library reports progress through this interface instead of @actions/core, so the same
 * code serves the action (workflow commands), the CLI (stderr) and library users (anything).
 */
export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that writes plain lines to a stream; used by the CLI and tests. */
export function streamLogger(
  write: (line: string) => void,
  opts: { debug?: boolean } = {},
): Logger {
  return {
    info: (m) => write(m),
    warning: (m) => write(`warning: ${m}`),
    debug: (m) => {
      if (opts.debug) write(`debug: ${m}`);
    },
    group: async (name, fn) => {
      write(`== ${name}`);
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
