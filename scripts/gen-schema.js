// `npm run schema`: writes schema/log-record.schema.json from the zod schema (after a build).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { logRecordJsonSchemaText, SCHEMA_FILE } from '../dist/report/record-schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
writeFileSync(path.join(root, SCHEMA_FILE), logRecordJsonSchemaText());
console.log(`wrote ${SCHEMA_FILE}`);
