// The JSON Schema of checklist files (schema/checklist.schema.json), generated from the zod schema so
// the two cannot drift: `npm run schema:checklist` writes it, and a test fails when it is out of date.
// It describes the input form (defaults optional) for editors; the loader's extra rules (unique ids,
// the initial-screen item, showIf pointing back at a yes/no item) are not expressible in it.
import { z } from 'zod';
import { Checklist, checklistSchemaDocs } from './schema.js';

/** Where the file lives in the package; shipped checklists refer to it as `../schema/checklist.schema.json`. */
export const CHECKLIST_SCHEMA_PATH = 'schema/checklist.schema.json';

/** The file's exact text: 2-space JSON and a final newline. */
export function checklistJsonSchemaText(): string {
  return JSON.stringify(z.toJSONSchema(Checklist, { io: 'input', metadata: checklistSchemaDocs }), null, 2) + '\n';
}
