// The JSON Schema of one log line, generated from the zod schema (the single source): shipped as
// schema/log-record.schema.json so other tools (DuckDB, jq, any JSON Schema validator) can read
// the logs. `npm run schema` writes it; a test fails when the file is out of date.
import { z } from 'zod';
import { LogRecord } from '../domain/record.js';

export const SCHEMA_FILE = 'schema/log-record.schema.json';

export function logRecordJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(LogRecord, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return {
    $schema,
    title: 'counter-checklist log record',
    description:
      'One line of a counter-checklist log (logs/TERMINAL/YYYY-MM-DD.jsonl): UTF-8 JSON, one record per line. ' +
      '`prev` is the SHA-256 (hex) of the previous line\'s bytes without its newline; 64 zeros for seq 1.',
    ...rest,
  };
}

export const logRecordJsonSchemaText = (): string => `${JSON.stringify(logRecordJsonSchema(), null, 2)}\n`;
