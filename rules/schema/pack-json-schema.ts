import { z } from 'zod';
import { includeSchema, packSchema } from './pack-schema.js';
import { scorecardSchema } from './scorecard-schema.js';

/** The committed JSON Schema files (beside this module), by file name: pack.yaml, include files, the scorecard file. */
export const JSON_SCHEMA_FILES = ['pack.schema.json', 'include.schema.json', 'scorecard.schema.json'] as const;

/** A JSON Schema file's name. */
export type JsonSchemaFile = (typeof JSON_SCHEMA_FILES)[number];

/**
 * The pack schema exported as JSON Schema (draft-07, which every YAML editor plugin reads), generated from the zod
 * schema so the two can never disagree. Packs point at it with `# yaml-language-server: $schema=…`.
 * Input shapes are exported: a field with a default is optional to write.
 */
export function packJsonSchemas(): Record<JsonSchemaFile, string> {
  const render = (schema: z.ZodType, title: string, description: string) =>
    JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', target: 'draft-7' }), title, description }, null, 2) + '\n';
  return {
    'pack.schema.json': render(packSchema, 'callcoach rule pack', 'A callcoach rule pack (pack.yaml). Generated from rules/schema/pack-schema.ts by `npm run schema`; do not edit.'),
    'scorecard.schema.json': render(scorecardSchema, 'callcoach QA scorecard', 'The QA scorecard file a pack names under `scorecard:`. Generated from rules/schema/scorecard-schema.ts by `npm run schema`; do not edit.'),
    'include.schema.json': render(includeSchema, 'callcoach rule pack include file', 'A file listed under `include:` of a callcoach pack. Generated from rules/schema/pack-schema.ts by `npm run schema`; do not edit.'),
  };
}
