/**
 * `keel import --map FILE`: how a raw export (a helpdesk's ticket CSV, a CRM's account dump) becomes a
 * canonical table without hand-editing. A mapping names, per source file, the target table, which source
 * column feeds each canonical column, constants, value maps for enums and date formats (strptime syntax).
 *
 *   { "files": { "customer_support_tickets.csv": {
 *       "table": "tickets",
 *       "columns": { "id": "Ticket ID", "channel": "Ticket Channel", "created_at": "Date of Purchase" },
 *       "constants": { "status": "closed" },
 *       "values": { "channel": { "Social media": "social", "Email": "email" } },
 *       "formats": { "created_at": "%Y-%m-%d" } } } }
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TABLE_NAMES } from '../domain/canonical-tables.js';

export const FileMappingSchema = z
  .object({
    table: z.enum(TABLE_NAMES),
    columns: z.record(z.string(), z.string()).default({}),
    constants: z.record(z.string(), z.string()).default({}),
    values: z.record(z.string(), z.record(z.string(), z.string())).default({}),
    formats: z.record(z.string(), z.string().min(2)).default({}),
  })
  .strict();
export type FileMapping = z.infer<typeof FileMappingSchema>;

export const ImportMappingSchema = z.object({ files: z.record(z.string(), FileMappingSchema) }).strict();
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

export async function loadImportMapping(path: string): Promise<ImportMapping> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new Error(`mapping file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ImportMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`mapping file ${path} is invalid: ${issues.join('; ')}`);
  }
  return parsed.data;
}
