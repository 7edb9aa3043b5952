/**
 * The mapped source's native path (the engine reads the file, the mapping
 * runs as SQL) against the row-by-row path: the same deals, signals,
 * definitions, people and accounts stored, and the same results (counts,
 * created, repeated ids, rejects), on the shared sample files, on messy
 * rows that go through JS, on a re-import and on a newer export; and bad
 * rows deep in a file big enough for a parallel read keep their row and line.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, readMappingFile, runImport, type ImportResult } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import { ibmFile, mavenFile, fixture } from './sample-files.js'
import { checkNativeCsv } from '../src/mapped/native-csv-check.js'
import { compileMappingSql } from '../src/mapped/mapping-sql.js'
import { parseDealMapping } from '../src/mapped/mapping.js'

const messyMapping = JSON.parse(fs.readFileSync(fixture('deals-messy.map.json'), 'utf8')) as unknown
const mapped = getImportSource('mapped')
const NOW = new Date('2026-01-05T12:00:00Z')
const TABLES = [
  'deals',
  'deal_signals',
  'signal_definitions',
  'people',
  'person_aliases',
  'accounts',
] as const

/** Every stored row of the tables a mapped import writes, as sorted text. */
async function contents(store: Store): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {}
  for (const t of TABLES) {
    const rows = await store.db.selectFrom(t).selectAll().execute()
    out[t] = rows
      .map((r) =>
        JSON.stringify(r, (_, v: unknown) =>
          v instanceof Date ? v.toISOString() : typeof v === 'bigint' ? Number(v) : v,
        ),
      )
      .sort()
  }
  return out
}

/** The mapping compiles to SQL for this header (so the file takes the native path). */
const compiles = (mapping: unknown, header: string[]): boolean =>
  compileMappingSql(parseDealMapping(mapping, 'test'), header, 'duckdb', 'test') !== undefined &&
  compileMappingSql(parseDealMapping(mapping, 'test'), header, 'postgres', 'test') !== undefined
const headerOf = (file: string): string[] =>
  (fs.readFileSync(file, 'utf8').split(/\r?\n/)[0] ?? '').split(',')

const comparable = (r: ImportResult): Omit<ImportResult, 'run_id' | 'seconds'> => {
  const { run_id: _id, seconds: _s, ...rest } = r
  return rest
}

for (const engine of ENGINES) {
  describe(`${engine}: mapped imports, native and row by row`, () => {
    const stores: Store[] = []
    let dir: string
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-native-'))
    })
    afterAll(async () => {
      for (const s of stores) await s.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })
    const fresh = async (): Promise<Store> => {
      const s = await openStore(await freshDatabase(engine))
      await migrateToLatest(s)
      stores.push(s)
      return s
    }
    /** Imports each file list into a native and a row-by-row store and checks both agree after every step. */
    const agree = async (steps: string[][], mapping: unknown): Promise<ImportResult[]> => {
      const native = await fresh()
      const rows = await fresh()
      const results: ImportResult[] = []
      for (const files of steps) {
        const a = await runImport(native, mapped, files, { mapping, now: NOW })
        const b = await runImport(rows, mapped, files, { mapping, now: NOW, native: false })
        expect(comparable(a)).toEqual(comparable(b))
        expect(await contents(native)).toEqual(await contents(rows))
        results.push(a)
      }
      return results
    }
    const write = (name: string, lines: string[], eol = '\n'): string => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, lines.join(eol) + eol)
      return file
    }

    it.runIf(fs.existsSync(ibmFile))(
      'the IBM file: 0 rejects, 183 repeated ids, then unchanged',
      async () => {
        expect(checkNativeCsv(ibmFile, ',', 19)).toMatchObject({ ok: true, rows: 78_025, crlf: true })
        expect(compiles(readMappingFile('ibm-sales-win-loss'), headerOf(ibmFile))).toBe(true)
        const [first, again] = await agree([[ibmFile], [ibmFile]], readMappingFile('ibm-sales-win-loss'))
        expect(first).toMatchObject({ rows_read: 78_025, rejected: 0, inserted: 77_829 })
        expect(first?.repeated_ids).toMatchObject({ ids: 183, rows: 196 })
        expect(again).toMatchObject({ rows_read: 78_025, inserted: 0, rejected: 0 })
      },
    )

    it.runIf(fs.existsSync(mavenFile))('the Maven file', async () => {
      expect(checkNativeCsv(mavenFile, ',', 8)).toMatchObject({ ok: true, rows: 8_800 })
      expect(compiles(readMappingFile('maven-crm-sales-pipeline'), headerOf(mavenFile))).toBe(true)
      const [first] = await agree([[mavenFile]], readMappingFile('maven-crm-sales-pipeline'))
      expect(first).toMatchObject({ rows_read: 8_800, inserted: 8_800, rejected: 0 })
    })

    it('deals-messy.csv (read row by row: a quoted line break, a ragged row) and a re-import', async () => {
      expect(checkNativeCsv(fixture('deals-messy.csv'), ',', 7).ok).toBe(false)
      const [first] = await agree([[fixture('deals-messy.csv')], [fixture('deals-messy.csv')]], messyMapping)
      expect(first).toMatchObject({ rows_read: 9, rejected: 5 })
    })

    it('messy cells on the native path: rows SQL cannot vouch for go through JS with the same rejects', async () => {
      const header = 'Deal Id,Rep,Customer,Result,Amount,Closed On,Competitor Type'
      const file = write(
        'messy-native.csv',
        [
          header,
          'M-1,"Doe, Jane",Acme,Won,"1,200.50",3/15/2024 10:30 AM,Known',
          'M-2,jane doe, Acme ,loss,800,2024-03-20,None',
          'M-3,Bob Roe,Globex,Won,500.5,2024-04-01,\tUnknown',
          'M-4,Bob Roe,Initech,Maybe,100,2024-04-02,Known',
          'M-5,Bob Roe,Initech,Won,12k,2024-04-03,Known',
          'M-6,Bob Roe,Initech,Won,100,2024-02-30,Known',
          ',Bob Roe,Initech,Won,100,2024-04-05,Known',
          'M-7,Ann Lee,Initech,Won,$300,2024-04-05,',
          'M-8,,,Won,,2024-04-05,Known',
          'M-9,Ann Lee,"Café ""Ünïcode""",Won,-12.05,2024-04-06T10:00:00Z,Known',
          'M-1,"Doe, Jane",Acme,Won,"1,300.00",3/15/2024 10:30 AM,Known',
        ],
        '\r\n',
      )
      expect(checkNativeCsv(file, ',', 7)).toMatchObject({ ok: true, rows: 11, crlf: true })
      expect(compiles(messyMapping, headerOf(file))).toBe(true)
      const [first] = await agree([[file], [file]], messyMapping)
      expect(first?.rejects.map((r) => [r.row, r.line, r.column])).toEqual([
        [4, 5, 'Result'],
        [5, 6, 'Amount'],
        [6, 7, 'Closed On'],
        [7, 8, 'Deal Id'],
        [9, 10, 'Amount'],
      ])
    })

    it('a newer export updates changed deals and removes a dropped signal', async () => {
      const header = 'Deal Id,Rep,Customer,Result,Amount,Closed On,Competitor Type'
      const v1 = write('v1.csv', [
        header,
        'N-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
        'N-2,Ann Lee,Initech,Loss,200,2024-05-02,None',
        'N-3,Ann Lee,Initech,Won,300,2024-05-03,Unknown',
      ])
      const v2 = write('v2.csv', [
        header,
        'N-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
        'N-2,Ann Lee,Initech,Loss,200,2024-05-02,',
        'N-3,Ann Lee,Initech,Won,350,2024-05-03,Unknown',
      ])
      const [, second, third] = await agree([[v1], [v2], [v2]], messyMapping)
      expect(second).toMatchObject({ rows_read: 3, inserted: 0, updated: 2, unchanged: 1 })
      expect(third).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 })
      // Both exports in one import: the later file's rows are the later versions.
      const [both] = await agree([[v1, v2]], messyMapping)
      expect(both).toMatchObject({ rows_read: 6, inserted: 3, updated: 2, unchanged: 1 })
      expect(both?.repeated_ids).toMatchObject({ ids: 3, rows: 3 })
    })

    it('bad rows deep in a file big enough for a parallel read keep their row and line', async () => {
      const rows = 400_000
      const bad = new Set([123_457, 399_999])
      const file = path.join(dir, 'big.csv')
      const out = fs.openSync(file, 'w')
      const pad = 'x'.repeat(120)
      let chunk = 'id,Result,Padding\n'
      for (let i = 1; i <= rows; i++) {
        chunk += `B-${i},${bad.has(i) ? 'Maybe' : i % 2 ? 'Won' : 'Loss'},${pad}\n`
        if (chunk.length > 1 << 20) {
          fs.writeSync(out, chunk)
          chunk = ''
        }
      }
      fs.writeSync(out, chunk)
      fs.closeSync(out)
      const mapping = {
        name: 'big-file',
        id: 'id',
        stageModel: {
          id: 'big',
          stages: [
            { key: 'won', isClosed: true, isWon: true },
            { key: 'lost', isClosed: true },
          ],
        },
        fields: {
          stage: { column: 'Result', values: { Won: 'won', Loss: 'lost' } },
          closeDate: { default: '2024-01-31' },
        },
        ignore: { Padding: 'filler' },
      }
      const store = await fresh()
      const result = await runImport(store, mapped, [file], { mapping, now: NOW })
      expect(result).toMatchObject({ rows_read: rows, inserted: rows - 2, rejected: 2 })
      expect(result.rejects.map((r) => [r.row, r.line, r.reason])).toEqual([
        [123_457, 123_458, '"Maybe" is not one of "Won", "Loss"'],
        [399_999, 400_000, '"Maybe" is not one of "Won", "Loss"'],
      ])
    }, 120_000)
  })
}
