/** Names of the values the setup step hands to its post step. */
export const STATE = {
  goRoot: 'go-root',
  entry: 'tool-cache-entry',
  caches: 'go-caches',
} as const;
