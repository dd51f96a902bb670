/**
 * Browser tests of the admin UI: Chromium (playwright-core) against the example app started as
 * a child process (see tests/browser/helpers.ts). Run with --runInBand: each file starts its
 * own app and browser, and the first one may build the admin panel (~1 min).
 */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  testTimeout: 180000,
  slowTestThreshold: 60,
};
