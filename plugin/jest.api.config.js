/**
 * HTTP tests against a real Strapi booted in-process from ../example-app (see tests/helpers),
 * each file on a copy of a database the app booted on once before the first file.
 */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/tests/api/global-setup.ts',
  globalTeardown: '<rootDir>/tests/api/global-teardown.ts',
  // a hook that boots the app has this long too: under the load of the three databases' suites
  // side by side, a boot on a slow machine once took longer than 60 s
  testTimeout: 120000,
};
