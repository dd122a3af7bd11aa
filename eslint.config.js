// Lint rules on top of `tsc --noEmit`: catch what the type checker does not, including imports that
// go the wrong way between layers (docs/architecture.md, "Layers").
import tseslint from 'typescript-eslint';

/** Node modules that do I/O or start threads or processes: never in the pure core. */
const IO = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process', 'worker_threads', 'node:worker_threads', 'net', 'node:net'];
/** The drawing libraries: only src/ui imports them (src/ui/program.tsx mounts the screens). */
const DRAWING = ['ink', 'ink-*', 'react', 'react-*', 'react/*'];

const banned = (group, message) => ({ group, message });
/** What the commands that do not draw may not import (Ink, React, the screens, the kiosk). */
const WITHOUT_SCREEN = [
  banned(DRAWING, 'this code runs without a screen: Ink and React load only for kiosk and review'),
  banned(['**/ui/**', '**/kiosk/**', '**/*.tsx', '**/review/run*', '**/review/controller*'], 'this code runs without a screen: it may not import the screens or the kiosk'),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  // The domain: the log record and the flag rules, which core, log, report and archive all share.
  // It builds on zod alone, so nothing can make it depend back on them.
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [banned(['../*', '../**'], 'the domain imports nothing of the program: the others import it'), banned(IO, 'the domain does no I/O'), banned(DRAWING, 'the domain draws nothing')] },
      ],
    },
  },
  // The message catalogs are the base: they import no other folder.
  {
    files: ['src/i18n/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [banned(['../*', '../**'], 'the catalogs are the base layer: they import no other folder'), banned(DRAWING, 'the catalogs draw nothing')] }],
    },
  },
  // The pure core: the session machine, the kiosk model and terminal input. No file system, no
  // screen, no storage: every key sequence can be tested without a disk or a terminal.
  {
    files: ['src/session/**', 'src/tui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(IO, 'the pure core does no I/O: return records and let the controller write them'),
            banned(DRAWING, 'the pure core draws nothing: src/ui draws the model'),
            banned(['**/ui/**', '**/kiosk/**', '**/review/**', '**/report/**', '**/verify/**', '**/archive/**', '**/parallel/**', '**/seal/**', '**/cli*'], 'the pure core imports no edge or supervisor code'),
            banned(['**/log/writer*', '**/log/reader*', '**/log/lock*', '**/log/fs*', '**/log/fold*', '**/config/store*'], 'the pure core may use record types, never storage'),
          ],
        },
      ],
    },
  },
  // The screens draw the model and pass keys on; they read and write no files.
  {
    files: ['src/ui/**'],
    ignores: ['src/ui/screen-mode.ts'], // writes the terminal's mode escapes synchronously on exit
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            banned(IO, 'screens do no I/O: the controller does'),
            banned(['**/log/writer*', '**/log/lock*', '**/kiosk/**', '**/config/store*', '**/archive/**'], 'screens draw the model; they do not reach storage or the controller'),
          ],
        },
      ],
    },
  },
  // Starting a screen builds its store and its root element; Ink itself is mounted by src/ui/program.tsx.
  {
    files: ['src/kiosk/**', 'src/review/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [banned(['ink', 'ink-*'], 'only src/ui imports Ink: a screen runs through src/ui/program.tsx')] }],
    },
  },
  // Everything the light bundle runs (the commands that do not draw) and every layer below the
  // screens: no Ink, no React, no screen code (test/no-ink.test.ts checks the built bundle too).
  {
    files: ['src/log/**', 'src/report/**', 'src/verify/**', 'src/archive/**', 'src/parallel/**', 'src/seal/**', 'src/config/**', 'src/checklist/**', 'src/pii/**', 'src/reader/**', 'src/errors.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...WITHOUT_SCREEN,
          ],
        },
      ],
    },
  },
  // The checklist format and its loader stand below the settings: config chooses among checklists
  // (src/config/flows.ts), a checklist knows nothing of config. Only the `checklists` command reads
  // the settings. (With the light-bundle bans again: a later entry replaces the rule, it does not add.)
  {
    files: ['src/checklist/**'],
    ignores: ['src/checklist/command.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...WITHOUT_SCREEN,
            banned(['**/config/**'], 'the checklist format stands below the settings: config imports it, not the other way'),
          ],
        },
      ],
    },
  },
);
