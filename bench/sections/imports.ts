/**
 * The imports section: rows per second and peak memory of `revlab import`
 * on generated files — an opportunity CSV shaped like the IBM win-loss
 * sample (imported through its shipped mapping: a deal and nine signals per
 * row) and a daily consumption CSV — into DuckDB and into a throwaway
 * PostgreSQL, side by side with each engine's own bulk load of the same
 * file into a bare table (the ceiling): DuckDB `read_csv`, PostgreSQL
 * `COPY FROM`. Full size is 1,000,000 and 10,000,000 rows (`--scale large`);
 * medium is a fifth, small a fiftieth.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pipeline } from 'node:stream/promises'
import { DuckDBInstance } from '@duckdb/node-api'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { migrateToLatest, openStore, startPostgresCluster, type DbSpec, type Engine } from '@revlab/db'
import { getImportSource, readMappingFile, runImport } from '@revlab/importers'
import type { BenchOptions, BenchSection } from './types.js'

const FULL = { opportunities: 1_000_000, consumption: 10_000_000 }
const FRACTION = { small: 1 / 50, medium: 1 / 5, large: 1 } as const

/** A small deterministic generator, so every run imports the same files. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0
    s ^= s + Math.imul(s ^ (s >>> 7), 61)
    return ((s ^ (s >>> 14)) >>> 0) / 4_294_967_296
  }
}

const IBM_HEADER = [
  'Opportunity Number',
  'Supplies Subgroup',
  'Supplies Group',
  'Region',
  'Route To Market',
  'Elapsed Days In Sales Stage',
  'Opportunity Result',
  'Sales Stage Change Count',
  'Total Days Identified Through Closing',
  'Total Days Identified Through Qualified',
  'Opportunity Amount USD',
  'Client Size By Revenue',
  'Client Size By Employee Count',
  'Revenue From Client Past Two Years',
  'Competitor Type',
  'Ratio Days Identified To Total Days',
  'Ratio Days Validated To Total Days',
  'Ratio Days Qualified To Total Days',
  'Deal Size Category',
]

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T

/** Writes `lines()` to `file` in 1 MB chunks. */
async function writeLines(file: string, header: string, lines: () => Generator<string>): Promise<number> {
  const out = fs.createWriteStream(file)
  let chunk = `${header}\n`
  let bytes = 0
  for (const line of lines()) {
    chunk += `${line}\n`
    if (chunk.length > 1 << 20) {
      bytes += chunk.length
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      chunk = ''
    }
  }
  bytes += chunk.length
  out.end(chunk)
  await new Promise<void>((resolve) => out.once('finish', () => resolve()))
  return bytes
}

/** An opportunity CSV with the IBM sample's 19 columns and value ranges. */
export function writeOpportunities(file: string, rows: number): Promise<number> {
  const r = random(3)
  const subgroups = [
    'Exterior Accessories',
    'Motorcycle Parts',
    'Shelters & RV',
    'Garage & Car Care',
    'Batteries & Accessories',
    'Performance Parts',
    'Towing & Hitches',
    'Replacement Parts',
    'Tires & Wheels',
    'Interior Accessories',
    'Car Electronics',
  ]
  const groups = ['Car Accessories', 'Performance & Non-auto', 'Tires & Wheels', 'Car Electronics']
  const regions = ['Northwest', 'Pacific', 'Midwest', 'Southwest', 'Mid-Atlantic', 'Northeast', 'Southeast']
  const routes = ['Fields Sales', 'Reseller', 'Other', 'Telesales', 'Telecoverage']
  const competitors = ['Known', 'Unknown', 'None']
  return writeLines(file, IBM_HEADER.join(','), function* () {
    for (let i = 0; i < rows; i++) {
      const total = Math.floor(r() * 200)
      const amount = Math.floor(r() * 1_000_000)
      yield [
        1_000_000 + i,
        pick(r, subgroups),
        pick(r, groups),
        pick(r, regions),
        pick(r, routes),
        Math.floor(r() * 100),
        r() < 0.23 ? 'Won' : 'Loss',
        1 + Math.floor(r() * 10),
        total,
        Math.floor(total * r()),
        amount,
        1 + Math.floor(r() * 5),
        1 + Math.floor(r() * 5),
        Math.floor(r() * 5),
        pick(r, competitors),
        r().toFixed(6),
        r().toFixed(6),
        r().toFixed(6),
        1 + Math.floor(r() * 7),
      ].join(',')
    }
  })
}

/** Daily usage: 1,000 accounts × 5 SKUs per day, as many days as the row count needs; one use case per account. */
export function writeConsumption(file: string, rows: number): Promise<number> {
  const r = random(5)
  const skus = ['compute', 'storage', 'egress', 'seats', 'api-calls']
  const accounts = 1_000
  const day0 = Date.UTC(2020, 0, 1)
  return writeLines(file, 'date,account_id,account_name,use_case,sku,units,revenue', function* () {
    for (let i = 0; i < rows; i++) {
      const slot = i % (accounts * skus.length)
      const day = new Date(day0 + Math.floor(i / (accounts * skus.length)) * 86_400_000)
        .toISOString()
        .slice(0, 10)
      const a = Math.floor(slot / skus.length)
      const units = Math.round(r() * 100_000) / 100
      yield `${day},acc-${a},Account ${a},Use case ${a % 7},${skus[slot % skus.length]},${units},${(units * 0.12).toFixed(2)}`
    }
  })
}

/**
 * Peak resident memory of this process (where the DuckDB engine also lives)
 * while `work` runs, sampled, and the CPU time this process spent (user +
 * system: steadier than wall time on a shared machine; PostgreSQL's own work
 * runs in its server processes and is not in it).
 */
async function withPeakRss<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; cpuMs: number; peakMb: number }> {
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, 25)
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  try {
    const result = await work()
    peak = Math.max(peak, process.memoryUsage.rss())
    const cpu = process.cpuUsage(cpu0)
    return {
      result,
      ms: performance.now() - t0,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakMb: Math.round(peak / 2 ** 20),
    }
  } finally {
    clearInterval(timer)
  }
}

async function duckdbCeiling(
  file: string,
  dir: string,
): Promise<{ ms: number; cpuMs: number; rows: number; peakMb: number }> {
  const instance = await DuckDBInstance.create(path.join(dir, `ceiling-${path.basename(file)}.duckdb`))
  const connection = await instance.connect()
  try {
    const run = await withPeakRss(async () => {
      await connection.run(`create table bare as select * from read_csv('${file.replace(/'/g, "''")}')`)
      const reader = await connection.runAndReadAll('select count(*) from bare')
      return Number(reader.getRows()[0]?.[0] ?? 0)
    })
    return { ms: run.ms, cpuMs: run.cpuMs, rows: run.result, peakMb: run.peakMb }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** COPY FROM STDIN (the way a client loads a file) into a bare table typed like the file. */
async function postgresCeiling(
  url: string,
  file: string,
  columns: string,
): Promise<{ ms: number; cpuMs: number; rows: number; peakMb: number }> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`create table bare (${columns})`)
    const run = await withPeakRss(async () => {
      await pipeline(
        fs.createReadStream(file, { highWaterMark: 1 << 20 }),
        client.query(copyFrom('copy bare from stdin with (format csv, header true)')),
      )
      const { rows } = await client.query<{ n: string }>('select count(*) as n from bare')
      return Number(rows[0]?.n ?? 0)
    })
    await client.query('drop table bare')
    return { ms: run.ms, cpuMs: run.cpuMs, rows: run.result, peakMb: run.peakMb }
  } finally {
    await client.end()
  }
}

type Figure = {
  rows: number
  seconds: number
  rows_per_second: number
  /** CPU seconds of this process (the bench and DuckDB; not the PostgreSQL server). */
  cpu_seconds: number
  peak_rss_mb: number
}
const figure = (rows: number, run: { ms: number; cpuMs: number; peakMb: number }): Figure => ({
  rows,
  seconds: Math.round(run.ms) / 1000,
  rows_per_second: Math.round(rows / (run.ms / 1000)),
  cpu_seconds: Math.round(run.cpuMs) / 1000,
  peak_rss_mb: run.peakMb,
})

/** `REVLAB_BENCH_NATIVE=0` keeps the mapped import off its native path (today's row path), for before/after. */
const native = process.env.REVLAB_BENCH_NATIVE !== '0'

/** `REVLAB_BENCH_IMPORTS=consumption` (or `opportunities`) runs one of the two files. */
const onlyFiles = process.env.REVLAB_BENCH_IMPORTS?.split(',').map((s) => s.trim())

export async function runImportsBench({ scale, log }: BenchOptions): Promise<BenchSection> {
  const fraction = FRACTION[scale]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-bench-imports-'))
  const cluster = await startPostgresCluster()
  try {
    const files = [
      {
        key: 'opportunities',
        label: 'opportunity CSV (mapped, IBM-shaped)',
        source: 'mapped',
        mapping: readMappingFile('ibm-sales-win-loss'),
        rows: Math.round(FULL.opportunities * fraction),
        file: path.join(dir, 'opportunities.csv'),
        write: writeOpportunities,
        pgColumns: IBM_HEADER.map(
          (h, i) =>
            `"${h}" ${[1, 2, 3, 4, 6, 14].includes(i) ? 'text' : i >= 15 && i <= 17 ? 'double precision' : 'bigint'}`,
        ).join(', '),
      },
      {
        key: 'consumption',
        label: 'daily consumption CSV',
        source: 'consumption',
        mapping: undefined,
        rows: Math.round(FULL.consumption * fraction),
        file: path.join(dir, 'consumption.csv'),
        write: writeConsumption,
        pgColumns:
          'day date, account_id text, account_name text, use_case text, sku text, units double precision, revenue numeric',
      },
    ]
    const report: Record<string, unknown> = { scale }
    const rows: string[][] = []
    const fmt = new Intl.NumberFormat('en-US')
    for (const f of files.filter((x) => !onlyFiles || onlyFiles.includes(x.key))) {
      const tg = performance.now()
      const bytes = await f.write(f.file, f.rows)
      log(
        `imports: wrote ${fmt.format(f.rows)} rows (${(bytes / 2 ** 20).toFixed(0)} MB) in ${((performance.now() - tg) / 1000).toFixed(1)} s`,
      )
      const result: Record<string, Figure> = {}
      for (const engine of ['duckdb', 'postgres'] as Engine[]) {
        const spec: DbSpec =
          engine === 'duckdb'
            ? { engine, path: path.join(dir, `${f.key}.duckdb`) }
            : { engine, url: await cluster.createDatabase(`imports_${f.key}`) }
        const store = await openStore(spec)
        try {
          await migrateToLatest(store)
          log(`imports: ${f.key} into ${engine}…`)
          const run = await withPeakRss(() =>
            runImport(
              store,
              getImportSource(f.source),
              [f.file],
              f.mapping === undefined ? { native } : { mapping: f.mapping, native },
            ),
          )
          if (run.result.rows_read !== f.rows || run.result.rejected !== 0)
            throw new Error(
              `imports bench: ${f.key} read ${run.result.rows_read} rows, ${run.result.rejected} rejected`,
            )
          result[engine] = figure(f.rows, run)
          log(`imports: ${f.key} into ${engine}: ${fmt.format(result[engine].rows_per_second)} rows/s`)
          if (engine === 'postgres') {
            const c = await postgresCeiling(spec.engine === 'postgres' ? spec.url : '', f.file, f.pgColumns)
            result.postgres_copy = figure(c.rows, c)
          }
        } finally {
          await store.close()
        }
      }
      const c = await duckdbCeiling(f.file, dir)
      result.duckdb_read_csv = figure(c.rows, c)
      report[f.key] = { file_mb: Math.round(bytes / 2 ** 20), ...result }
      const get = (k: string): Figure => result[k] as Figure
      const ratio = (a: string, b: string): string =>
        `${Math.round((100 * get(a).rows_per_second) / get(b).rows_per_second)}%`
      rows.push(
        [
          `${f.label}, ${fmt.format(f.rows)} rows: rows/s`,
          fmt.format(get('duckdb').rows_per_second),
          fmt.format(get('duckdb_read_csv').rows_per_second),
          ratio('duckdb', 'duckdb_read_csv'),
          fmt.format(get('postgres').rows_per_second),
          fmt.format(get('postgres_copy').rows_per_second),
          ratio('postgres', 'postgres_copy'),
        ],
        [
          '  CPU seconds (this process)',
          String(get('duckdb').cpu_seconds),
          String(get('duckdb_read_csv').cpu_seconds),
          '',
          String(get('postgres').cpu_seconds),
          String(get('postgres_copy').cpu_seconds),
          '',
        ],
        [
          '  peak RSS (MB, this process)',
          String(get('duckdb').peak_rss_mb),
          String(get('duckdb_read_csv').peak_rss_mb),
          '',
          String(get('postgres').peak_rss_mb),
          String(get('postgres_copy').peak_rss_mb),
          '',
        ],
      )
    }
    return {
      title: `Imports — ${scale} scale (revlab import vs the engine's own bulk load of the same file)`,
      columns: ['DuckDB import', 'read_csv', 'of ceiling', 'PostgreSQL import', 'COPY', 'of COPY'],
      rows,
      json: report,
    }
  } finally {
    cluster.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}
