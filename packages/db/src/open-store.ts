/**
 * Opens the store a command asked for, with errors that say what to do:
 * a DuckDB file held by `revlab serve`, a file that is not a database, a
 * PostgreSQL server that does not answer or refuses the password.
 */
import fs from 'node:fs'
import { DuckDBInstance } from '@duckdb/node-api'
import { Kysely } from 'kysely'
import { PostgresDialect } from 'kysely'
import { RevlabError } from '@revlab/domain'
import type { BulkWriter } from './bulk-writer.js'
import { describeDbSpec, redactUrl, type DbSpec, type Engine } from './db-spec.js'
import { DuckDbConnectionDialect, DuckDbDialect } from './dialects/duckdb-dialect.js'
import { createDuckDbBulkWriter } from './dialects/duckdb-bulk.js'
import { createPostgresPool } from './dialects/postgres-pool.js'
import { createPostgresBulkWriter } from './dialects/postgres-bulk.js'
import type { Database } from './schema.js'
import { readServerNote } from './server-lock.js'

export type Store = {
  engine: Engine
  /** The file path, or the URL with its password hidden. */
  location: string
  db: Kysely<Database>
  /**
   * Runs `work` with a bulk writer inside one transaction: all of it lands, or none.
   * `tx` is a Kysely bound to the same transaction, for reads and deletes beside the appends.
   */
  bulkTransaction<T>(work: (writer: BulkWriter, tx: Kysely<Database>) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export async function openStore(spec: DbSpec): Promise<Store> {
  switch (spec.engine) {
    case 'duckdb':
      return openDuckDb(spec.path)
    case 'postgres':
      return openPostgres(spec.url)
  }
}

async function openDuckDb(path: string): Promise<Store> {
  let instance: DuckDBInstance
  try {
    instance = await DuckDBInstance.create(path)
  } catch (error) {
    throw duckDbOpenError(path, error)
  }
  const db = new Kysely<Database>({ dialect: new DuckDbDialect(instance) })
  return {
    engine: 'duckdb',
    location: path,
    db,
    async bulkTransaction(work) {
      const connection = await instance.connect()
      await connection.run('begin transaction')
      try {
        const tx = new Kysely<Database>({ dialect: new DuckDbConnectionDialect(connection) })
        const result = await work(createDuckDbBulkWriter(connection), tx)
        await connection.run('commit')
        return result
      } catch (error) {
        await connection.run('rollback')
        throw error
      } finally {
        connection.closeSync()
      }
    },
    close: () => db.destroy(),
  }
}

function duckDbOpenError(path: string, error: unknown): RevlabError {
  const message = error instanceof Error ? error.message : String(error)
  if (/lock/i.test(message)) {
    const note = readServerNote(path)
    const holder = note
      ? `revlab serve (pid ${note.pid}, ${note.url})`
      : (/PID (\d+)/.exec(message)?.[0] ?? 'another process')
    return new RevlabError('DB_LOCKED', `${path} is in use by ${holder}`, {
      hint: note
        ? `stop that server, or use its web app and API at ${note.url}`
        : 'close the other program, or pass --db to use another file',
      cause: error,
    })
  }
  if (
    /not a valid DuckDB database|database file|Invalid Input|serialization/i.test(message) &&
    fs.existsSync(path)
  ) {
    return new RevlabError('DB_NOT_A_DATABASE', `${path} is not a DuckDB database`, {
      hint: 'pass --db with a new file name, or the path of a database Revlab created',
      cause: error,
    })
  }
  return new RevlabError('DB_UNREACHABLE', `cannot open ${path}: ${message}`, { cause: error })
}

async function openPostgres(url: string): Promise<Store> {
  const pool = createPostgresPool(url)
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => undefined)
    throw postgresOpenError(url, error)
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return {
    engine: 'postgres',
    location: redactUrl(url),
    db,
    async bulkTransaction(work) {
      const client = await pool.connect()
      await client.query('begin')
      try {
        // A pool of one: the client already in this transaction, never released by Kysely.
        const pinned = { query: client.query.bind(client), release: () => undefined }
        const tx = new Kysely<Database>({
          dialect: new PostgresDialect({
            pool: { connect: async () => pinned, end: async () => undefined } as never,
          }),
        })
        const result = await work(createPostgresBulkWriter(client), tx)
        await client.query('commit')
        return result
      } catch (error) {
        await client.query('rollback')
        throw error
      } finally {
        client.release()
      }
    },
    close: () => db.destroy(),
  }
}

function postgresOpenError(url: string, error: unknown): RevlabError {
  const where = redactUrl(url)
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  switch (code) {
    case '28P01':
    case '28000':
      return new RevlabError('DB_UNREACHABLE', `PostgreSQL at ${where} refused the login: ${message}`, {
        hint: 'check the user name and password in the URL',
        cause: error,
      })
    case '3D000':
      return new RevlabError('DB_UNREACHABLE', `PostgreSQL at ${where}: ${message}`, {
        hint: 'create the database first (createdb NAME), or name an existing one in the URL',
        cause: error,
      })
    default:
      return new RevlabError(
        'DB_UNREACHABLE',
        `cannot reach PostgreSQL at ${where}: ${message || code || 'no answer'}`,
        {
          hint: 'check that the server is running and that host and port in the URL are right',
          cause: error,
        },
      )
  }
}

export const storeDescription = (spec: DbSpec): string => describeDbSpec(spec)
