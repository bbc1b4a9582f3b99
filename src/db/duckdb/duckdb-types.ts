/** DuckDB column types of the canonical contract, shared by the DuckDB migration check and staging. */
import type { ColumnSpec } from '../../domain/canonical-tables.js';

export function duckdbType(column: ColumnSpec): string {
  switch (column.type) {
    case 'text':
    case 'enum':
      return 'VARCHAR';
    case 'int':
      return 'INTEGER';
    case 'decimal':
      return 'DECIMAL(18,4)';
    case 'bool':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'timestamp':
      return 'TIMESTAMP';
    case 'json':
      return 'JSON';
  }
}
