/** Writes the save process's script into `dir` (created if missing); returns its path. */
export function cacheSaveScript(dir: string): Promise<string>;
