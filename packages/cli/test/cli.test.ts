/**
 * The `revlab` command end to end, as a user runs it: real DuckDB files and a
 * real PostgreSQL server, real processes, real exit codes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runCli, startServe } from './run-cli.js'

type DemoJson = {
  engine: string
  counts: Record<string, number>
  planted_effects: { key: string; planted: number }[]
  logins: { email: string; role: string; password: string }[]
}
type VerifyJson = {
  key: string
  planted: number
  estimate: number | null
  ci95: [number, number] | null
  covered: boolean
}[]

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-cli-'))
const duckFile = path.join(dir, 'demo.duckdb')
let pgUrl = ''

const demoArgs = ['demo', '--scale', 'small', '--seed', '42', '--as-of', '2026-11-23', '--no-serve', '--json']

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('pgAdminUrl') })
  await admin.connect()
  await admin.query('create database revlab_cli')
  await admin.end()
  const url = new URL(inject('pgAdminUrl'))
  url.pathname = '/revlab_cli'
  pgUrl = url.toString()
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('revlab demo', () => {
  let duck: DemoJson
  let postgres: DemoJson

  beforeAll(() => {
    const a = runCli([...demoArgs, '--db', duckFile])
    expect(a.stderr).toBe('')
    duck = JSON.parse(a.stdout) as DemoJson
    const b = runCli([...demoArgs, '--db', pgUrl])
    postgres = JSON.parse(b.stdout) as DemoJson
  })

  it('prints identical counts, planted effects and logins on DuckDB and PostgreSQL for the same seed', () => {
    expect(duck.engine).toBe('duckdb')
    expect(postgres.engine).toBe('postgres')
    expect(postgres.counts).toEqual(duck.counts)
    expect(postgres.planted_effects).toEqual(duck.planted_effects)
    expect(postgres.logins).toEqual(duck.logins)
    expect(duck.counts.deals).toBeGreaterThan(1000)
    expect(duck.counts.consumption_daily).toBeGreaterThan(100_000)
    expect(duck.logins.map((l) => l.role).sort()).toEqual(['admin', 'analyst', 'leader', 'manager', 'rep'])
  })

  it('finds the planted effects again (demo verify)', () => {
    const result = runCli(['demo', 'verify', '--db', duckFile, '--json'])
    expect(result.code).toBe(0)
    const all = JSON.parse(result.stdout) as VerifyJson
    // Keys with a colon are the win-pattern and cycle-time checks (issue 4), checked below.
    const checks = all.filter((c) => !c.key.includes(':'))
    expect(checks.map((c) => c.key).sort()).toEqual(duck.planted_effects.map((e) => e.key).sort())
    expect(all.find((c) => c.key === 'win_patterns:no_unplanted_strong')?.covered).toBe(true)
    expect(
      all.filter((c) => c.key.startsWith('win_patterns:win_') || c.key.startsWith('cycle_time:')),
    ).toHaveLength(3)
    // A 95% interval misses now and then by design; on this seed 7 of 8 cover, and the
    // one that misses (deal size: 0.093 against 0.08) is within 2.5 standard errors.
    expect(checks.filter((c) => c.covered).length).toBeGreaterThanOrEqual(7)
    for (const c of checks) {
      expect(c.estimate, c.key).not.toBeNull()
      const [lo, hi] = c.ci95 as [number, number]
      const slack = (hi - lo) / 2
      expect(c.planted, c.key).toBeGreaterThanOrEqual(lo - slack)
      expect(c.planted, c.key).toBeLessThanOrEqual(hi + slack)
    }
    const nullProgram = checks.find((c) => c.key === 'training_null_program')
    expect(nullProgram?.covered).toBe(true)
    // The real effects are distinguishable from no effect.
    const win = checks.find((c) => c.key === 'win_exec_sponsor')
    expect(win?.ci95?.[0]).toBeGreaterThan(1)
  })

  it('refuses to overwrite a database that holds data, and replaces it when told', () => {
    const refused = runCli([...demoArgs, '--db', duckFile])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('already holds data')
    expect(refused.stderr).toContain('--replace')
    const replaced = runCli([...demoArgs, '--seed', '43', '--replace', '--db', duckFile])
    expect(replaced.code).toBe(0)
    expect((JSON.parse(replaced.stdout) as DemoJson).counts.deals).toBe(duck.counts.deals)
  })

  it('reports status with the schema version and every table', () => {
    const result = runCli(['status', '--db', pgUrl, '--json'])
    expect(result.code).toBe(0)
    const status = JSON.parse(result.stdout) as {
      engine: string
      database: string
      schema_version: string
      counts: Record<string, number>
    }
    expect(status.engine).toBe('postgres')
    expect(status.database).not.toContain('revlab-test')
    expect(status.schema_version).toMatch(/^\d{12}_/)
    expect(status.counts).toEqual(postgres.counts)
  })
})

describe('bad input gets a clear error, never a stack trace', () => {
  it.each([
    [['demo', '--scale', 'huge'], 2, "argument 'huge' is invalid. Allowed choices are small, medium, large"],
    [
      ['status', '--db', 'postgres://me:pw@127.0.0.1:9/none'],
      1,
      'cannot reach PostgreSQL at postgres://me:***@127.0.0.1:9/none',
    ],
    [['status', '--db', 'mysql://localhost/x'], 2, 'unsupported database URL scheme'],
    [['demo', '--seed', 'abc'], 2, 'the seed is a whole number'],
    [['user', 'add', 'someone@example.com', '--role', 'boss'], 2, "argument 'boss' is invalid"],
  ])('revlab %j exits %i', (args, code, message) => {
    const result = runCli(args as string[])
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('says a file is not a DuckDB database', () => {
    const file = path.join(dir, 'notes.duckdb')
    fs.writeFileSync(file, 'not a database\n'.repeat(500))
    const result = runCli(['status', '--db', file])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${file} is not a DuckDB database`)
  })

  it('says PostgreSQL refused a wrong password, without printing it', () => {
    const url = new URL(pgUrl)
    url.password = 'guess-again'
    const result = runCli(['status', '--db', url.toString()])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('refused the login')
    expect(result.stderr).not.toContain('guess-again')
  })

  it('names the running server that holds a DuckDB file', async () => {
    const file = path.join(dir, 'held.duckdb')
    expect(runCli(['status', '--db', file]).code).toBe(0)
    const server = await startServe(['--db', file, '--port', '0'])
    try {
      const result = runCli(['status', '--db', file])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`is in use by revlab serve (pid`)
      expect(result.stderr).toContain(server.url)
      const health = await fetch(`${server.url}/api/health`)
      expect(health.status).toBe(200)
    } finally {
      await server.stop()
    }
    expect(runCli(['status', '--db', file]).code).toBe(0)
  })
})

describe('revlab user add', () => {
  it('adds a user who can then sign in', async () => {
    const file = path.join(dir, 'users.duckdb')
    const added = runCli(['user', 'add', 'Ana@Example.com', '--role', 'analyst', '--db', file, '--json'], {
      REVLAB_PASSWORD: 'correct horse',
    })
    expect(added.code).toBe(0)
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'ana@example.com', role: 'analyst' })
    expect(added.stdout).not.toContain('correct horse')
    const again = runCli(['user', 'add', 'ana@example.com', '--role', 'analyst', '--db', file])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('exists already')

    const server = await startServe(['--db', file, '--port', '0'])
    try {
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ana@example.com', password: 'correct horse' }),
      })
      expect(res.status).toBe(200)
    } finally {
      await server.stop()
    }
  })
})
