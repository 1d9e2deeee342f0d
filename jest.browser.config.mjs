// `npm run test:browser`: the real-browser tests, run alone (not part of `npm test`),
// with the e2e project's setup (build, migrated template database).
import base from './jest.config.mjs';

const e2e = base.projects.find((project) => project.displayName === 'e2e');

export default {
  testTimeout: 240000,
  projects: [
    {
      ...e2e,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
    },
  ],
};
