/** Pure unit tests: core math, validation, translation files, the admin's pure helpers, the frontend client. No Strapi, no browser. */
module.exports = {
  rootDir: __dirname,
  testMatch: [
    '<rootDir>/server/src/**/__tests__/**/*.test.ts',
    '<rootDir>/admin/src/**/__tests__/**/*.test.ts',
    '<rootDir>/client/src/**/__tests__/**/*.test.ts',
  ],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
};
