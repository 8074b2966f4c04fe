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
