import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', '.native/**', 'test-results/**', 'playwright-report/**'],
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
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The renderer is DOM only: no Node, no Electron, no main-process code.
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', '**/main/**', '**/preload/**'],
              message: 'The renderer may only import src/shared and browser code.',
            },
          ],
        },
      ],
    },
  },
  {
    // The renderer's own tests run in a simulated DOM (happy-dom) and render hooks and components.
    files: ['tests/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  {
    // Shared code is pure: it runs in the page and in Node alike.
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', '**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'src/shared holds pure code only.',
            },
          ],
        },
      ],
    },
  },
  {
    // Layers point one way (like VS Code's code-layering): services and the store know nothing of
    // the composition root, the edges or Electron, so they run under plain Node (tests, browser
    // mode, the CLI) and can be reused by each of them.
    files: ['src/main/services/**/*.ts', 'src/main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main/electron) uses Electron.',
            },
            { name: 'ws', message: 'Only the browser-mode server (src/main/server) uses ws.' },
            {
              name: 'node:http',
              message: 'Only the browser-mode server (src/main/server) serves HTTP.',
            },
          ],
          patterns: [
            {
              group: [
                '**/core/**',
                '**/server/**',
                '**/cli/**',
                '**/electron/**',
                '**/renderer/**',
                '**/preload/**',
              ],
              message:
                'src/main/services and src/main/store import src/shared and each other only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The core wires services together: it never reaches into an edge.
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main/electron) uses Electron.',
            },
            { name: 'ws', message: 'Only the browser-mode server (src/main/server) uses ws.' },
          ],
          patterns: [
            {
              group: [
                '**/server/**',
                '**/cli/**',
                '**/electron/**',
                '**/renderer/**',
                '**/preload/**',
              ],
              message: 'src/main/core is wired by the edges; it does not import them.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI and the server are edges of their own: never Electron.
    files: ['src/main/cli/**/*.ts', 'src/main/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only the Electron shell (src/main/electron) uses Electron.',
            },
          ],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', '**/preload/**'],
              message: 'The CLI and the server do not import the desktop shell or the page.',
            },
          ],
        },
      ],
    },
  },
)
