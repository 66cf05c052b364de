import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Imports point inward: adapters/, rules/ and dashboards/ use engine/ only through its entry point;
// engine/ imports none of them; nothing imports test/ or benchmarks/.
const noOuterRooms = (...rooms) => ({
  'no-restricted-imports': [
    'error',
    { patterns: rooms.map((room) => ({ group: [`**/${room}/**`, `**/${room}`], message: `this room may not import ${room}/ (imports point inward; see STYLE)` })) },
  ],
});
const engineThroughEntry = {
  group: ['**/engine/*/**', '!**/engine/index.js'],
  message: 'use the engine through engine/index.js',
};

const adapterImportPatterns = [engineThroughEntry, ...['test', 'benchmarks', 'dashboards'].map((r) => ({ group: [`**/${r}/**`], message: `adapters/ may not import ${r}/` }))];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'dashboards/**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', Buffer: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // engine/ is pure: no file system, no clock but the injected scheduler.
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['node:fs', 'fs', 'node:fs/promises', 'fs/promises'].map((name) => ({ name, message: 'engine/ does no I/O: adapters read files and hand the engine data' })),
          patterns: noOuterRooms('adapters', 'rules', 'dashboards', 'test', 'benchmarks')['no-restricted-imports'][1].patterns,
        },
      ],
    },
  },
  {
    files: ['rules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [engineThroughEntry, ...['adapters', 'test', 'benchmarks'].map((r) => ({ group: [`**/${r}/**`], message: `rules/ may not import ${r}/` }))] }],
    },
  },
  // The pages take the feed protocol's types from the one place they are defined, and nothing else of adapters/.
  {
    files: ['dashboards/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            engineThroughEntry,
            { group: ['**/adapters/**/*.js', '!**/adapters/server/feed-protocol.js'], message: 'dashboards/ import only the feed protocol from adapters/' },
            ...['test', 'benchmarks'].map((r) => ({ group: [`**/${r}/**`], message: `dashboards/ may not import ${r}/` })),
          ],
        },
      ],
    },
  },
  {
    files: ['adapters/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: adapterImportPatterns }] },
  },
  // The command line sits on top of the other adapters; none of them reaches back up into it (a store error is a StoreError, not a CliError).
  {
    files: ['adapters/**/*.ts'],
    ignores: ['adapters/cli/**', 'adapters/index.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [...adapterImportPatterns, { group: ['**/cli/**'], message: 'only adapters/cli/ and the entry point use the command line; throw your room\'s own error instead' }] }] },
  },
  // Only adapters and the entry point read the environment.
  { files: ['engine/**/*.ts', 'rules/**/*.ts'], rules: { 'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'only adapters read process.env' }] } },
  // A hand-written observable's callbacks must be guarded, or a throw in one call ends the process (see guarded-observable.ts).
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/faults/guarded-observable.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Observable']", message: 'engine/ writes observables by hand only through guardedObservable (engine/faults/guarded-observable.ts)' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'engine/ takes time from the injected scheduler, never the wall clock' },
      ],
    },
  },
  { files: ['engine/**/*.ts'], rules: { 'no-restricted-globals': ['error', { name: 'setTimeout', message: 'engine/ takes time from the injected scheduler' }, { name: 'setInterval', message: 'engine/ takes time from the injected scheduler' }], 'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'engine/ takes time from the injected scheduler' }, { object: 'performance', property: 'now', message: 'engine/ takes time from the injected scheduler' }, { object: 'process', property: 'env', message: 'only adapters read process.env' }] } },
);
