/**
 * A small Kysely dialect for DuckDB through `@duckdb/node-api`, compiling with
 * Kysely's PostgreSQL query compiler (DuckDB speaks PostgreSQL-flavoured SQL
 * with `$1` parameters). One DuckDB instance per file; a few connections
 * handed out one query or transaction at a time.
 */
import { type DuckDBConnection, type DuckDBInstance } from '@duckdb/node-api'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { DuckDbIntrospector } from './duckdb-introspector.js'
import { fromDuckDbValue, toDuckDbParameter } from './duckdb-values.js'

class DuckDbAdapter extends PostgresAdapter {
  // The DuckDB file belongs to one process (DuckDB's own file lock), so the
  // PostgreSQL advisory lock Kysely's migrator takes is neither needed nor available.
  override async acquireMigrationLock(): Promise<void> {}
  override async releaseMigrationLock(): Promise<void> {}
}

class DuckDbConnection implements DatabaseConnection {
  constructor(readonly connection: DuckDBConnection) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const params = compiled.parameters.map(toDuckDbParameter)
    const reader = await this.connection.runAndReadAll(compiled.sql, params.length > 0 ? params : undefined)
    const names = reader.columnNames()
    const rows = reader.getRows().map((row) => {
      const out: Record<string, unknown> = {}
      row.forEach((value, i) => {
        out[names[i] ?? `column${i}`] = fromDuckDbValue(value)
      })
      return out as R
    })
    const changed = reader.rowsChanged
    const isWrite = /^\s*(insert|update|delete|merge)/i.test(compiled.sql)
    return isWrite && rows.length === 0
      ? { rows, numAffectedRows: BigInt(changed) }
      : { rows, ...(isWrite ? { numAffectedRows: BigInt(changed) } : {}) }
  }

  async *streamQuery<R>(compiled: CompiledQuery, chunkSize = 1000): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(compiled)
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) }
  }
}

/**
 * Runs `work` on the DuckDB connection under this Kysely (a pooled one, or the
 * transaction's), for reads that want result chunks column by column rather
 * than a JS object per row. Undefined when the store is not DuckDB.
 */
export async function withDuckDbConnection<DB, T>(
  db: Kysely<DB>,
  work: (connection: DuckDBConnection) => Promise<T>,
): Promise<T | undefined> {
  return db
    .getExecutor()
    .provideConnection(async (connection) =>
      connection instanceof DuckDbConnection ? work(connection.connection) : undefined,
    )
}

class ConnectionPool {
  private readonly idle: DuckDbConnection[] = []
  private readonly waiting: ((c: DuckDbConnection) => void)[] = []
  private created = 0

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly max: number,
  ) {}

  async acquire(): Promise<DuckDbConnection> {
    const idle = this.idle.pop()
    if (idle) return idle
    if (this.created < this.max) {
      this.created++
      return new DuckDbConnection(await this.instance.connect())
    }
    return new Promise((resolve) => this.waiting.push(resolve))
  }

  release(connection: DuckDbConnection): void {
    const next = this.waiting.shift()
    if (next) next(connection)
    else this.idle.push(connection)
  }

  close(): void {
    for (const c of this.idle) c.connection.closeSync()
    this.idle.length = 0
  }
}

class DuckDbDriver implements Driver {
  private pool: ConnectionPool | undefined

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly maxConnections: number,
  ) {}

  async init(): Promise<void> {
    this.pool = new ConnectionPool(this.instance, this.maxConnections)
  }

  acquireConnection(): Promise<DatabaseConnection> {
    if (!this.pool) throw new Error('DuckDB driver used before init')
    return this.pool.acquire()
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin transaction'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.pool?.release(connection as DuckDbConnection)
  }

  async destroy(): Promise<void> {
    this.pool?.close()
    this.instance.closeSync()
  }
}

export class DuckDbDialect implements Dialect {
  constructor(
    private readonly instance: DuckDBInstance,
    private readonly maxConnections = 4,
  ) {}

  createAdapter() {
    return new DuckDbAdapter()
  }
  createDriver() {
    return new DuckDbDriver(this.instance, this.maxConnections)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new DuckDbIntrospector(db)
  }
}

class SingleConnectionDriver implements Driver {
  private readonly wrapped: DuckDbConnection

  constructor(connection: DuckDBConnection) {
    this.wrapped = new DuckDbConnection(connection)
  }

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.wrapped
  }
  // The caller owns the connection and its transaction: nested begin/commit would be an error.
  async beginTransaction(): Promise<void> {
    throw new Error('a Kysely bound to an open transaction cannot start another one')
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/**
 * Kysely over one DuckDB connection that already has a transaction open, so
 * queries join a bulk load's transaction. Destroying it leaves the connection open.
 */
export class DuckDbConnectionDialect implements Dialect {
  constructor(private readonly connection: DuckDBConnection) {}

  createAdapter() {
    return new DuckDbAdapter()
  }
  createDriver() {
    return new SingleConnectionDriver(this.connection)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
  createIntrospector(db: Kysely<unknown>) {
    return new DuckDbIntrospector(db)
  }
}
