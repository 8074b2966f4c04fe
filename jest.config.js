// Two projects: fast unit tests beside the modules, and e2e tests that run the built dist/
// bundles. ts-jest transpiles only (isolatedModules); `npm run typecheck` checks the types.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true, isolatedModules: true }],
};
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform,
};

export default {
  testTimeout: 60000,
  // Checks that could not run (test-support/not-run.mjs) are counted as skipped, listed at
  // the end, and fail the run unless SETUP_GO_VERIFIED_ALLOW_NOT_RUN=1. Before 'default', so
  // the default reporter already prints them as skipped.
  reporters: ['<rootDir>/test-support/not-run-reporter.mjs', 'default'],
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/__tests__'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/__tests__/e2e/'],
    },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/__tests__/e2e'],
      testMatch: ['**/*.test.ts'],
    },
  ],
};
