// Style and layering. The layering rules make ARCHITECTURE.md's import boundaries mechanical.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'worker_threads'];

/** The engine's folders, bottom first: text → core → yaml → kube → model (the index) → dns → checks → navigation → config → kustomize. */
const ENGINE_LAYERS = ['text', 'core', 'yaml', 'kube', 'model', 'dns', 'checks', 'navigation', 'config', 'kustomize'];

const ENGINE_BASE_PATTERNS = [
  { group: nodeBuiltins, message: 'shared/ performs no I/O: pass text in.' },
  { group: ['vscode', 'vscode-*'], message: 'shared/ knows nothing of LSP or VS Code.' },
  { group: ['**/server/*', '**/client/*', '**/cli/*', '**/host/*', '**/protocol/*'], message: 'shared/ is the bottom layer.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'cli/dist/**', 'node_modules/**', '.vscode-test/**', 'test-artifacts/**', 'bench-results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  // The engine: pure. No I/O, no Node, no LSP, no VS Code. Only `yaml`, and only in the parser seam.
  // Inside it, each folder may import only the folders below it (ENGINE_LAYERS, bottom first).
  ...ENGINE_LAYERS.map((layer, i) => ({
    files: [`shared/src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: layer === 'yaml' ? [] : [{ name: 'yaml', message: 'Only shared/src/yaml/parseYamlStream.ts may import the parser (the parser seam).' }],
          patterns: [
            ...ENGINE_BASE_PATTERNS,
            ...ENGINE_LAYERS.slice(i + 1).map((above) => ({
              group: [`../${above}`, `../${above}/*`],
              message: `shared/src/${layer} sits below shared/src/${above}: the engine's layers import downwards only (ARCHITECTURE.md).`,
            })),
          ],
        },
      ],
    },
  })),
  {
    // Inside the yaml layer, only the seam itself may import the parser.
    files: ['shared/src/yaml/**/*.ts'],
    ignores: ['shared/src/yaml/parseYamlStream.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'yaml', message: 'Only shared/src/yaml/parseYamlStream.ts may import the parser (the parser seam).' }],
          patterns: ENGINE_BASE_PATTERNS,
        },
      ],
    },
  },
  {
    // The index and the tests' helpers outside the layer folders: pure as well.
    files: ['shared/src/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'yaml', message: 'Only the parser seam imports yaml.' }], patterns: ENGINE_BASE_PATTERNS }] },
  },
  {
    // The Node host: files on disk for the CLI and the server. It knows nothing of LSP or the front ends.
    files: ['host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-*'], message: 'The Node host knows nothing of LSP or VS Code.' },
            { group: ['**/server/*', '**/client/*', '**/cli/*'], message: 'The Node host sits below the CLI and the server.' },
            { group: ['**/shared/src/*/**', '!**/shared/src/index'], message: 'Import the engine through shared/src/index only.' },
          ],
        },
      ],
    },
  },
  {
    // The wire between our server and our client beyond LSP: names and types only, importing nothing.
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./[^/]*$)', message: 'protocol/ holds the custom requests\' names and types only: it imports nothing, so the server and the client can both import it.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The server never imports vscode; it speaks LSP.' }],
          patterns: [
            { group: ['**/client/*', '**/cli/*'], message: 'The server does not depend on the client or the CLI.' },
            { group: ['**/shared/src/*/**', '!**/shared/src/index'], message: 'Import the engine through shared/src/index only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'vscode-languageserver*', 'vscode-languageclient*'], message: 'The CLI does not speak LSP.' },
            { group: ['**/client/*'], message: 'The CLI does not depend on the client.' },
            { group: ['**/server/*'], message: 'The CLI does not depend on the language server; files on disk come from host/.' },
            { group: ['**/shared/src/*/**', '!**/shared/src/index'], message: 'Import the engine through shared/src/index only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/shared/*', '**/server/*', '**/cli/*', 'yaml'], message: 'The client is a thin launcher: LSP only, no domain logic.' }] },
      ],
    },
  },
  {
    // Build and dev scripts run on Node and talk to the terminal.
    files: ['scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
