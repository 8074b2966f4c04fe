/**
 * Thrown when part of a module cache that failed its proof could not be removed: the setup
 * step fails rather than let the go command use it. Its own module, so the caller can tell
 * it apart without loading the proof's code.
 */
export class ModCacheRemovalError extends Error {}
