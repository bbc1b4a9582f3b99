/**
 * The one way to build SQL: a tagged template that keeps values as bound parameters (`$1`, `$2`, … which
 * both DuckDB and PostgreSQL accept) and quotes identifiers through one helper. Text spliced in with
 * `sql.raw` must come from code, never from input: every call site says which constant it passes.
 */

export type SqlValue = string | number | boolean | null | bigint;

export interface SqlQuery {
  readonly text: string;
  readonly params: readonly SqlValue[];
}

type Chunk = { kind: 'text'; text: string } | { kind: 'param'; value: SqlValue };

export class Sql {
  constructor(readonly chunks: readonly Chunk[]) {}

  /** Renders with `$n` placeholders; params are numbered in order of appearance. */
  toQuery(): SqlQuery {
    const params: SqlValue[] = [];
    let text = '';
    for (const chunk of this.chunks) {
      if (chunk.kind === 'text') text += chunk.text;
      else {
        params.push(chunk.value);
        text += `$${params.length}`;
      }
    }
    return { text, params };
  }
}

export type SqlPart = Sql | SqlValue;

export function sql(strings: TemplateStringsArray, ...parts: SqlPart[]): Sql {
  const chunks: Chunk[] = [];
  strings.forEach((s, i) => {
    chunks.push({ kind: 'text', text: s });
    if (i < parts.length) {
      const part = parts[i] as SqlPart;
      if (part instanceof Sql) chunks.push(...part.chunks);
      else chunks.push({ kind: 'param', value: part });
    }
  });
  return new Sql(chunks);
}

/**
 * A quoted identifier. Source files bring their own column names ("Ticket ID", names with quotes), so any
 * text is accepted: embedded double quotes are doubled, the SQL standard escape both engines follow.
 */
sql.ident = (name: string): Sql => {
  if (name.length === 0 || name.includes('\0')) throw new Error(`invalid identifier ${JSON.stringify(name)}`);
  return new Sql([{ kind: 'text', text: `"${name.replaceAll('"', '""')}"` }]);
};

/** Trusted SQL text from code (a constant or a compiled fragment); never pass input here. */
sql.raw = (text: string): Sql => new Sql([{ kind: 'text', text }]);

sql.join = (parts: readonly Sql[], separator = ', '): Sql => {
  const chunks: Chunk[] = [];
  parts.forEach((p, i) => {
    if (i > 0) chunks.push({ kind: 'text', text: separator });
    chunks.push(...p.chunks);
  });
  return new Sql(chunks);
};

/**
 * A string literal for the places that cannot take a parameter (DuckDB table functions' file names, view
 * bodies). Doubling single quotes is the complete escape in both engines: neither treats backslashes
 * specially in standard literals (PostgreSQL has standard_conforming_strings on since 9.1).
 */
sql.literal = (value: string): Sql => {
  if (value.includes('\0')) throw new Error('a SQL literal cannot hold a NUL character');
  return new Sql([{ kind: 'text', text: `'${value.replaceAll("'", "''")}'` }]);
};
