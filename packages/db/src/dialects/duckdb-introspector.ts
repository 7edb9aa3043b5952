/**
 * Table metadata from DuckDB's information_schema (Kysely's PostgreSQL
 * introspector reads pg_catalog functions DuckDB does not have). The migrator
 * uses it to find its own bookkeeping tables.
 */
import {
  sql,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Kysely,
  type SchemaMetadata,
  type TableMetadata,
} from 'kysely'

type ColumnRow = {
  table_schema: string
  table_name: string
  table_type: string
  column_name: string
  data_type: string
  is_nullable: string
  column_default: string | null
}

export class DuckDbIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<unknown>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{
      name: string
    }>`select schema_name as name from information_schema.schemata`.execute(this.db)
    return rows
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow>`
      select c.table_schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema not in ('information_schema', 'pg_catalog')
      order by c.table_schema, c.table_name, c.ordinal_position`.execute(this.db)
    const tables = new Map<string, TableMetadata>()
    for (const row of rows) {
      const id = `${row.table_schema}.${row.table_name}`
      let table = tables.get(id)
      if (!table) {
        table = {
          name: row.table_name,
          schema: row.table_schema,
          isView: row.table_type === 'VIEW',
          columns: [],
        }
        tables.set(id, table)
      }
      ;(table.columns as unknown[]).push({
        name: row.column_name,
        dataType: row.data_type,
        isNullable: row.is_nullable === 'YES',
        isAutoIncrementing: false,
        hasDefaultValue: row.column_default !== null,
      })
    }
    return [...tables.values()]
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() }
  }
}
