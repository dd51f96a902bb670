/** Packs the plugin with npm and boots a throw-away Strapi app that installs the tarball (see tests/packaging). */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/packaging/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testEnvironment: 'node',
  testTimeout: 60000,
};
