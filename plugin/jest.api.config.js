/** HTTP tests against a real Strapi booted in-process from ../example-app (see tests/helpers). */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  testTimeout: 60000,
};
