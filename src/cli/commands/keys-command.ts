/** `keel keys create|list|revoke`: API keys with roles and ingestion write keys (access/api-keys.ts). */
import { createKey, isRole, listKeys, revokeKey, ROLES } from '../../access/api-keys.js';
import type { Context } from '../../context.js';
import { AppError } from '../../domain/errors.js';
import { EXIT_OK, formatTable, printJson, printLine } from '../output.js';

export async function keysCreateCommand(
  ctx: Context,
  options: { role?: string; write?: boolean; name?: string; json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  if (options.write && options.role)
    throw new AppError('usage', 'a write key has no role: use --write or --role');
  if (!options.write && (!options.role || !isRole(options.role)))
    throw new AppError(
      'usage',
      `--role must be one of ${ROLES.join(', ')} (or --write for an ingestion key)`,
    );
  const name = options.name ? { name: options.name } : {};
  const created =
    options.role && isRole(options.role)
      ? await createKey(ctx.db, { kind: 'api', role: options.role, ...name })
      : await createKey(ctx.db, { kind: 'write', ...name });
  if (options.json) {
    printJson(created);
    return EXIT_OK;
  }
  printLine(created.secret);
  printLine(
    `\n${created.key.kind === 'api' ? `API key (${created.key.role})` : 'write key'} ${created.key.id} created. ` +
      'This is the only time the secret is shown: Keel stores a hash of it.',
  );
  return EXIT_OK;
}

export async function keysListCommand(ctx: Context, options: { json?: boolean }): Promise<number> {
  await ctx.db.migrate();
  const keys = await listKeys(ctx.db);
  if (options.json) {
    printJson({ keys });
    return EXIT_OK;
  }
  printLine(
    formatTable(
      ['id', 'kind', 'role', 'name', 'created', 'revoked'],
      keys.map((k) => [k.id, k.kind, k.role ?? '', k.name, k.createdAt, k.revokedAt ?? '']),
    ),
  );
  return EXIT_OK;
}

export async function keysRevokeCommand(
  ctx: Context,
  id: string,
  options: { json?: boolean },
): Promise<number> {
  await ctx.db.migrate();
  if (!(await revokeKey(ctx.db, id)))
    throw new AppError('not_found', `no live key ${id} (see \`keel keys list\`)`);
  if (options.json) printJson({ revoked: id });
  else printLine(`key ${id} revoked`);
  return EXIT_OK;
}
