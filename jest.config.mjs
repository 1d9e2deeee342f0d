// Jest runs in ESM mode: Nest 12 packages are ESM-only and Jest's CommonJS mode
// cannot load them on Node 20. Type checking is `npm run typecheck`'s job, so
// ts-jest only transpiles (isolatedModules in tsconfig.spec.json).
const REQUIRED_ESM = ['content-disposition'];

const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@app/([^/]+)$': '<rootDir>/libs/$1/src',
    '^@app/([^/]+)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }],
    // ESM-only packages that CommonJS packages require(): Node 20 does that
    // natively, Jest's module runtime only from Node 24.9, so Jest converts them.
    [`/node_modules/(${REQUIRED_ESM.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { useESM: true, tsconfig: { allowJs: true, isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${REQUIRED_ESM.join('|')})/)`],
};

export default {
  // A global option (Jest ignores it inside a project): e2e tests start processes.
  testTimeout: 60000,
  // On two cores Jest runs every file in its own process: a handle a file leaves open
  // (a pool, a timer) must not keep CI waiting after the summary.
  forceExit: true,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
      setupFiles: ['<rootDir>/test/setup/env.ts'],
    },
  ],
};
