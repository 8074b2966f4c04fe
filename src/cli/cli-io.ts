/** What a CLI command is given of the world: output streams, environment and directory. */
import type { SetupGoResult } from '../install/setup-go.js';

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Writes the runner's file commands (GITHUB_PATH, GITHUB_ENV, GITHUB_OUTPUT) for --github. */
  readonly github?: (result: SetupGoResult) => Promise<void>;
  /** How to start this command again (node and script), for the pre-commit hook. */
  readonly self?: readonly string[];
}
