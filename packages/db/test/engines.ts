/**
 * The engines every store test runs on: a DuckDB temp file and a fresh
 * database on the test PostgreSQL cluster. `DIALECTS=duckdb` narrows a local run.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { inject } from 'vitest'
import type { DbSpec, Engine } from '@revlab/db'

export const ENGINES = (['duckdb', 'postgres'] as const satisfies readonly Engine[]).filter(
  (engine) =>
    process.env.DIALECTS?.split(',')
      .map((d) => d.trim())
      .includes(engine) ?? true,
)

let counter = 0

/** A new, empty database on the engine, as a --db spec. */
export async function freshDatabase(engine: Engine): Promise<DbSpec> {
  counter++
  if (engine === 'duckdb') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-duck-'))
    return { engine, path: path.join(dir, `test-${counter}.duckdb`) }
  }
  const adminUrl = inject('pgAdminUrl')
  const name = `revlab_test_${process.pid}_${counter}_${Date.now()}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  await client.query(`create database ${name}`)
  await client.end()
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return { engine, url: url.toString() }
}
