import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // No consistent-type-imports: Nest's DI reads constructor parameter types at
      // runtime (emitDecoratorMetadata), so those imports must stay value imports.
      'no-console': 'off',
    },
  },
  {
    // Libs are the shared core: they never reach into an app (also enforced by dependency-cruiser).
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/apps/**', 'apps/*'], message: 'libs must not import apps' }] },
      ],
    },
  },
  prettier,
);
