/**
 * Text that came from the repository or a tool (file names, branch names, tool output) must
 * never reach a runner's log as a workflow command. The runner acts on a line whose start,
 * once whitespace is trimmed, is `::` (its TrimStart trims any Unicode space, not just
 * blanks), and on a legacy `##[command]` anywhere in a line; lines end at CR or LF. So a
 * directory named `x\n::add-mask::…` could mask, annotate or set outputs. Two defences:
 * - a name goes into a line with `%`, CR and LF escaped, a leading `::` broken and every
 *   `##[` broken ({@link inert}), so it can never begin a line nor hold a legacy command;
 * - text echoed as it is (tool output) goes between `::stop-commands::<token>` and
 *   `::<token>::` ({@link fenced}, {@link fencedStream}), with a token nobody can predict.
 */
import { randomBytes } from 'node:crypto';

/** Whitespace the runner's TrimStart removes (.NET Char.IsWhiteSpace; JS `\s` lacks U+0085). */
const SPACE = '[\\s\\u0085]';
const LEADING_COMMAND = new RegExp(`^(${SPACE}*):`);
const LINE_COMMAND = new RegExp(`(^|[\\r\\n])${SPACE}*::`);
const LEGACY_COMMAND = /##\[/g;

/**
 * `%`, CR and LF escaped the way workflow command data is, so the text stays on one line;
 * a leading `::` and any `##[` are escaped too, so the text is no command wherever it sits.
 */
export function inert(text: string): string {
  return text
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(LEADING_COMMAND, '$1%3A')
    .replace(LEGACY_COMMAND, '##%5B');
}

/** Whether a runner would read some line of `text` as a workflow command. */
export function startsCommand(text: string): boolean {
  return LINE_COMMAND.test(text) || text.includes('##[');
}

/** A token for `::stop-commands::`; random, so the fenced text cannot end the fence. */
export function fenceToken(): string {
  return `sgv-${randomBytes(16).toString('hex')}`;
}

/**
 * The lines that print `text` with workflow commands off: the runner shows every line as
 * it is and acts on none until `::<token>::`.
 */
export function fenced(text: string, token = fenceToken()): string {
  return `::stop-commands::${token}\n${text}\n::${token}::`;
}

/** Echoes output as it comes, with commands off from the first chunk to {@link end}. */
export interface FencedStream {
  write(chunk: string | Buffer): void;
  /** Turns commands back on, on a line of its own. */
  end(): void;
}

/**
 * A fence around streamed text (a long test run shows its output as it comes). Everything
 * goes to the one `out`: the runner reads stdout and stderr apart, so text written to the
 * other stream could be read before the fence opens.
 */
export function fencedStream(
  out: (text: string | Buffer) => void,
  token = fenceToken(),
): FencedStream {
  let lineOpen = false;
  let ended = false;
  out(`::stop-commands::${token}\n`);
  return {
    write(chunk) {
      if (ended || chunk.length === 0) return;
      // Bytes pass as they are: a chunk may end inside a UTF-8 character.
      out(chunk);
      const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk.at(-1);
      lineOpen = last !== 0x0a && last !== 0x0d;
    },
    end() {
      if (ended) return;
      ended = true;
      out(`${lineOpen ? '\n' : ''}::${token}::\n`);
    },
  };
}
