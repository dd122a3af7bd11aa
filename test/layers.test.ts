// The layer rules of eslint.config.js bite: a wrong-way import in each guarded folder fails lint,
// and the same import where it belongs passes.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: ROOT });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layers', () => {
  it.each([
    ['src/session/wrong.ts', "import { writeFileSync } from 'node:fs';\nexport const w = writeFileSync;\n", 'does no I/O'],
    ['src/session/wrong.ts', "import { Box } from 'ink';\nexport const b = Box;\n", 'draws nothing'],
    ['src/session/wrong.ts', "import { openLog } from '../log/writer.js';\nexport const o = openLog;\n", 'never storage'],
    ['src/tui/wrong.ts', "import { KioskController } from '../kiosk/controller.js';\nexport const k = KioskController;\n", 'no edge'],
    ['src/ui/wrong.tsx', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n", 'screens do no I/O'],
    ['src/ui/wrong.tsx', "import { openLog } from '../log/writer.js';\nexport const o = openLog;\n", 'do not reach storage'],
    ['src/report/wrong.ts', "import { useState } from 'react';\nexport const u = useState;\n", 'without a screen'],
    ['src/log/wrong.ts', "import { KioskView } from '../ui/view.js';\nexport const v = KioskView;\n", 'without a screen'],
    ['src/archive/wrong.ts', "import { runKiosk } from '../kiosk/run.js';\nexport const r = runKiosk;\n", 'without a screen'],
    ['src/kiosk/wrong.tsx', "import { render } from 'ink';\nexport const r = render;\n", 'only src/ui imports Ink'],
    ['src/domain/wrong.ts', "import { SessionFold } from '../log/fold.js';\nexport const f = SessionFold;\n", 'the domain imports nothing'],
    ['src/i18n/wrong.ts', "import { Checklist } from '../checklist/schema.js';\nexport const c = Checklist;\n", 'base layer'],
    ['src/checklist/wrong.ts', "import { loadSettings } from '../config/store.js';\nexport const l = loadSettings;\n", 'stands below the settings'],
    ['src/checklist/wrong.ts', "import { Box } from 'ink';\nexport const b = Box;\n", 'without a screen'],
  ])('%s: a wrong-way import fails lint', async (file, code, says) => {
    const found = await problems(file, code);
    expect(found.length).toBe(1);
    expect(found[0]).toContain(says);
  });

  it.each([
    ['src/kiosk/right.ts', "import { writeFileSync } from 'node:fs';\nexport const w = writeFileSync;\n"],
    ['src/ui/right.tsx', "import { Box } from 'ink';\nexport const b = Box;\n"],
    ['src/session/right.ts', "import type { NewRecord } from '../domain/record.js';\nexport type R = NewRecord;\n"],
    ['src/review/right.tsx', "import { KioskView } from '../ui/view.js';\nexport const v = KioskView;\n"],
    ['src/domain/right.ts', "import { z } from 'zod';\nimport { LogRecord } from './record.js';\nexport const r = [z, LogRecord];\n"],
    ['src/log/right.ts', "import { FlagState } from '../domain/flags.js';\nexport const f = FlagState;\n"],
  ])('%s: an import where it belongs passes', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });
});
