import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const modules = ['units', 'people', 'dossiers', 'residence', 'cards', 'eid', 'lodging', 'quality', 'campaigns', 'sharing'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-output/', 'bench-output/', '.dancu/', 'data/', 'migrations/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The kernel knows no module (design.md).
  {
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/modules/**'], message: 'The kernel must not import a module.' }] }],
    },
  },
  // A module reaches another module only through its index.ts.
  ...modules.map((m) => ({
    files: [`src/modules/${m}/**/*.ts`, `src/modules/${m}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: modules
            .filter((o) => o !== m)
            .map((o) => ({
              group: [`**/modules/${o}/*`, `../${o}/*`, `!**/modules/${o}/index.js`, `!../${o}/index.js`],
              message: `Use ${o}/index.js: stores and internals are private to their module.`,
            })),
        },
      ],
    },
  })),
);
