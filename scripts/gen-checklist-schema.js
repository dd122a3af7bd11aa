// Writes schema/checklist.schema.json from the zod schema of checklist files. It imports the compiled
// tree, so run it through `npm run schema:checklist` (which builds first).
import { writeFileSync } from 'node:fs';
import { checklistJsonSchemaText, CHECKLIST_SCHEMA_PATH } from '../dist/checklist/json-schema.js';

const target = new URL(`../${CHECKLIST_SCHEMA_PATH}`, import.meta.url);
writeFileSync(target, checklistJsonSchemaText());
console.log(`wrote ${CHECKLIST_SCHEMA_PATH}`);
