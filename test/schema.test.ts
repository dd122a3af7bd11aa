// The shipped JSON Schema of a log record: generated from the zod schema, never edited by hand, and
// usable by other tools (checked here with ajv, a JSON Schema 2020-12 validator other tools use).
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { logRecordJsonSchema, logRecordJsonSchemaText, SCHEMA_FILE } from '../src/report/record-schema.js';
import { KioskLog, local, sid, writeWard } from './helpers/session-logs.js';
import { ROOT } from './helpers/kiosk.js';

interface Validator {
  (data: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}
interface AjvLike {
  compile(schema: unknown): Validator;
}

// ajv (with ajv-formats) is installed as a dependency of conf; loaded by require to keep its CJS
// default export simple.
const require = createRequire(import.meta.url);
const Ajv2020 = (require('ajv/dist/2020') as { default: new (o: object) => AjvLike }).default;
const addFormats = (require('ajv-formats') as { default: (ajv: AjvLike) => AjvLike }).default;

describe('schema/log-record.schema.json', () => {
  it('is what the zod schema generates (run `npm run schema` when this fails)', () => {
    const shipped = fs.readFileSync(path.join(ROOT, SCHEMA_FILE), 'utf8');
    expect(shipped, 'schema/log-record.schema.json is out of date: run `npm run schema`').toBe(logRecordJsonSchemaText());
  });

  it('ships in the package', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[]; scripts: Record<string, string> };
    expect(pkg.files).toContain('schema');
    expect(pkg.scripts.schema).toContain('scripts/gen-schema.js');
  });

  it('accepts every record the writer writes, and refuses what the reader refuses', () => {
    const root = fs.mkdtempSync(path.join(tmpdir(), 'cc-schema-'));
    try {
      writeWard(root);
      const log = new KioskLog(root, 'T-07', local(2026, 11, 28));
      log.signIn('S-07').complete('S-07', sid(70), { idle: true }).killed('S-07', sid(71), 'SIGTERM');
      log.recover('S-07', sid(71));
      log.close();
      const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));
      const validate = ajv.compile(logRecordJsonSchema());
      const lines = fs
        .readdirSync(root, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => fs.readFileSync(path.join(root, f), 'utf8').split('\n').filter(Boolean));
      const types = new Set<string>();
      for (const line of lines) {
        const record = JSON.parse(line) as { type: string };
        types.add(record.type);
        expect(validate(record), `${line}\n${JSON.stringify(validate.errors)}`).toBe(true);
      }
      expect([...types].sort()).toEqual(
        ['checklist-complete', 'exit', 'idle', 'interrupt', 'logout', 'recovery', 'session-start', 'sign-in', 'sign-out', 'step'].sort(),
      );
      const good = JSON.parse(lines[1]!) as Record<string, unknown>;
      expect(validate({ ...good, v: 2 })).toBe(false);
      expect(validate({ ...good, prev: 'x' })).toBe(false);
      expect(validate({ ...good, ts: '2026-11-27 09:00:00' })).toBe(false);
      expect(validate({ ...good, extra: true })).toBe(false);
      const { seq: _seq, ...noSeq } = good;
      expect(validate(noSeq)).toBe(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
