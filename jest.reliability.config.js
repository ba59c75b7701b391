/**
 * `npm run test:reliability`: faults, Redis outage, graceful shutdown, load, fuzzing and brute
 * force (issue 7). Separate from the jest tier of `npm test`, whose pattern does not match
 * `*.rel-spec.ts`; one file at a time (the specs measure latency and memory), then a table of
 * figures that fails on any breach.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testRegex: 'test/reliability/.*\\.rel-spec\\.ts$',
  testTimeout: 60000,
  maxWorkers: 1,
  globalSetup: '<rootDir>/test/reliability/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/reliability/support/global-teardown.ts',
};
