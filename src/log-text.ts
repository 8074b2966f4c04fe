/**
 * Text that came from the repository or a tool (file names, branch names, tool output) must
 * never reach a runner's log as a workflow command: the runner reads any line that starts
 * with `::` (after blanks) as one, so a directory named `x\n::add-mask::…` could mask,
 * annotate or set outputs. Two defences, both from the runner's own rules:
 * - a name goes into a line with `%`, CR and LF escaped ({@link inert}), so it can never
 *   begin a line of its own;
 * - text echoed as it is (tool output) goes between `::stop-commands::<token>` and
 *   `::<token>::` ({@link fenced}), with a token nobody can predict.
 */
import { randomBytes } from 'node:crypto';

/** `%`, CR and LF escaped the way workflow command data is, so the text stays on one line. */
export function inert(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Whether a runner would read some line of `text` as a workflow command. */
export function startsCommand(text: string): boolean {
  return /(^|[\r\n])[ \t]*::/.test(text);
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
