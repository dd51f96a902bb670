/**
 * Browser tests of the admin UI: Chromium (playwright-core) against the example app started as
 * a child process (see tests/browser/helpers.ts). Run with --runInBand: each file starts its
 * own app (on a copy of a database the app booted on once) and browser; the admin panel is built
 * (when out of date) once, before the first file.
 */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/tests/browser/global-setup.ts',
  globalTeardown: '<rootDir>/tests/browser/global-teardown.ts',
  testTimeout: 180000,
  slowTestThreshold: 60,
};
