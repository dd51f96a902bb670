// Lint rules for the whole workspace: ESLint's and typescript-eslint's recommended sets, React
// hooks rules for the admin, and eslint-config-prettier last so formatting is Prettier's alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tmp/**',
      'artifacts/**',
      'example-app/.strapi/**',
      'example-app/build/**',
      'example-app/types/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // the benchmark commands are node scripts without an extension
    files: ['**/*.js', 'scripts/bench', 'scripts/bench-*'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['plugin/admin/**/*.{ts,tsx}', 'example-app/src/admin/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // every React hooks rule is an error: the typed API clients are stable, so effects can name them
    rules: Object.fromEntries(
      Object.keys(reactHooks.configs.recommended.rules).map((rule) => [rule, 'error'])
    ),
  },
  {
    files: ['**/__tests__/**', 'plugin/tests/**'],
    languageOptions: { globals: { ...globals.jest } },
    // tests load database drivers and the app lazily, only for the database a run uses
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier
);
