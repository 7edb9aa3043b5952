import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  countRows,
  listImportRejects,
  listImportRuns,
  migrateToLatest,
  openStore,
  type Store,
} from '@revlab/db'
import { getImportSource, readMappingFile, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import { ibmFile, mavenFile, fixture } from './sample-files.js'

const mapped = getImportSource('mapped')
const NOW = new Date('2026-01-05T12:00:00Z')

for (const engine of ENGINES) {
  describe(`${engine}: mapped CSV imports`, () => {
    let store: Store
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => store.close())

    it('quarantines bad rows with row, line, column and reason, and keeps the good ones', async () => {
      const mapping = JSON.parse(fs.readFileSync(fixture('deals-messy.map.json'), 'utf8')) as unknown
      const result = await runImport(store, mapped, [fixture('deals-messy.csv')], { mapping, now: NOW })
      expect(result.status).toBe('committed')
      expect(result.rows_read).toBe(9)
      expect(result.inserted + result.updated + result.unchanged + result.rejected).toBe(result.rows_read)
      expect(result.rejects).toEqual([
        {
          file: 'deals-messy.csv',
          row: 4,
          line: 6,
          column: 'Result',
          reason: '"Maybe" is not one of "Won", "Loss"',
        },
        { file: 'deals-messy.csv', row: 5, line: 7, column: 'Amount', reason: '"12k" is not an amount' },
        {
          file: 'deals-messy.csv',
          row: 6,
          line: 8,
          column: 'Closed On',
          reason: '"2024-02-30" is not a date',
        },
        {
          file: 'deals-messy.csv',
          row: 7,
          line: 9,
          column: null,
          reason: 'the row has 3 fields, the header has 7',
        },
        { file: 'deals-messy.csv', row: 8, line: 10, column: 'Deal Id', reason: 'the id is empty' },
      ])
      // D-1 twice: inserted, then updated by its later version (the last one is kept).
      expect(result).toMatchObject({ inserted: 3, updated: 1, unchanged: 0, rejected: 5 })
      expect(result.repeated_ids).toEqual({ ids: 1, rows: 1, examples: ['messy-deals:D-1'] })
      // "Doe, Jane" and "jane doe" are one person; the placeholder-free owners make two people.
      expect(result.created).toMatchObject({ people: 2, accounts: 2, stage_models: 1, stages: 2 })
      const runs = await listImportRuns(store.db)
      expect(runs[0]).toMatchObject({ id: result.run_id, status: 'committed', rowsRead: 9, rejected: 5 })
      const stored = await listImportRejects(store.db, result.run_id)
      expect(stored.map((r) => [r.row, r.line, r.column])).toEqual(
        result.rejects.map((r) => [r.row, r.line, r.column]),
      )
    })

    it('changes nothing when the same file comes again', async () => {
      const mapping = JSON.parse(fs.readFileSync(fixture('deals-messy.map.json'), 'utf8')) as unknown
      const before = await countRows(store)
      const again = await runImport(store, mapped, [fixture('deals-messy.csv')], { mapping, now: NOW })
      // The first D-1 row differs from the stored (last) version, so it counts as updated; the last is unchanged.
      expect(again).toMatchObject({ inserted: 0, rejected: 5, rows_read: 9 })
      expect(again.updated + again.unchanged).toBe(4)
      const after = await countRows(store)
      expect({ ...after, import_runs: 0, import_rejects: 0 }).toEqual({
        ...before,
        import_runs: 0,
        import_rejects: 0,
      })
    })

    it('a newer export updates changed deals and removes the signals it no longer carries', async () => {
      const mapping = JSON.parse(fs.readFileSync(fixture('deals-messy.map.json'), 'utf8')) as unknown
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-newer-export-'))
      const header = 'Deal Id,Rep,Customer,Result,Amount,Closed On,Competitor Type'
      const v1 = path.join(dir, 'v1.csv')
      const v2 = path.join(dir, 'v2.csv')
      fs.writeFileSync(
        v1,
        [
          header,
          'N-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
          'N-2,Ann Lee,Initech,Loss,200,2024-05-02,None',
          'N-3,Ann Lee,Initech,Won,300,2024-05-03,Unknown',
        ].join('\n'),
      )
      // N-2 no longer carries its competitor signal; N-3's amount changed; N-1 is the same.
      fs.writeFileSync(
        v2,
        [
          header,
          'N-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
          'N-2,Ann Lee,Initech,Loss,200,2024-05-02,',
          'N-3,Ann Lee,Initech,Won,350,2024-05-03,Unknown',
        ].join('\n'),
      )
      const fresh = await openStore(await freshDatabase(engine))
      try {
        await migrateToLatest(fresh)
        const signalsOf = async (deal: string): Promise<string[]> =>
          (
            await fresh.db
              .selectFrom('deal_signals')
              .select('value')
              .where('deal_id', '=', `messy-deals:${deal}`)
              .execute()
          ).map((r) => r.value)
        const first = await runImport(fresh, mapped, [v1], { mapping, now: NOW })
        expect(first).toMatchObject({ inserted: 3, updated: 0, unchanged: 0, rejected: 0 })
        expect(await signalsOf('N-2')).toEqual(['None'])
        const second = await runImport(fresh, mapped, [v2], { mapping, now: NOW })
        expect(second).toMatchObject({ rows_read: 3, inserted: 0, updated: 2, unchanged: 1, rejected: 0 })
        expect(await signalsOf('N-2')).toEqual([])
        expect(await signalsOf('N-1')).toEqual(['Known'])
        const deals = await fresh.db
          .selectFrom('deals')
          .select(['id', 'amount_cents', 'stage_key'])
          .where('id', 'like', 'messy-deals:N-%')
          .orderBy('id')
          .execute()
        expect(deals.map((d) => [d.id, Number(d.amount_cents), d.stage_key])).toEqual([
          ['messy-deals:N-1', 10_000, 'won'],
          ['messy-deals:N-2', 20_000, 'lost'],
          ['messy-deals:N-3', 35_000, 'won'],
        ])
        const third = await runImport(fresh, mapped, [v2], { mapping, now: NOW })
        expect(third).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 })
        // An export where no row carries any signal still removes the stored ones.
        const v3 = path.join(dir, 'v3.csv')
        fs.writeFileSync(
          v3,
          [header, 'N-1,Ann Lee,Initech,Won,100,2024-05-01,', 'N-3,Ann Lee,Initech,Won,350,2024-05-03,'].join(
            '\n',
          ),
        )
        const fourth = await runImport(fresh, mapped, [v3], { mapping, now: NOW })
        expect(fourth).toMatchObject({ rows_read: 2, inserted: 0, updated: 2, unchanged: 0 })
        expect(await signalsOf('N-1')).toEqual([])
        expect(await signalsOf('N-3')).toEqual([])
      } finally {
        await fresh.close()
        fs.rmSync(dir, { recursive: true, force: true })
      }
    })

    it('--strict rolls everything back and records the failed run', async () => {
      const mapping = JSON.parse(fs.readFileSync(fixture('deals-messy.map.json'), 'utf8')) as unknown
      const fresh = await openStore(await freshDatabase(engine))
      await migrateToLatest(fresh)
      try {
        const result = await runImport(fresh, mapped, [fixture('deals-messy.csv')], { mapping, strict: true })
        expect(result.status).toBe('failed')
        expect(result.rejected).toBe(5)
        const counts = await countRows(fresh)
        expect(counts.deals).toBe(0)
        expect(counts.import_runs).toBe(1)
        expect(counts.import_rejects).toBe(5)
      } finally {
        await fresh.close()
      }
    })

    it.runIf(fs.existsSync(ibmFile))(
      'imports the IBM win-loss file with zero rejects, every row accounted for',
      async () => {
        const result = await runImport(store, mapped, [ibmFile], {
          mapping: readMappingFile('ibm-sales-win-loss'),
        })
        expect(result).toMatchObject({ rows_read: 78_025, rejected: 0, inserted: 77_829 })
        expect(result.updated + result.unchanged).toBe(196)
        expect(result.repeated_ids).toMatchObject({ ids: 183, rows: 196 })
        const counts = await countRows(store)
        expect(counts.deals).toBe(3 + 77_829)
        const again = await runImport(store, mapped, [ibmFile], {
          mapping: readMappingFile('ibm-sales-win-loss'),
        })
        expect(again).toMatchObject({ rows_read: 78_025, inserted: 0, rejected: 0 })
        expect((await countRows(store)).deal_signals).toBe(counts.deal_signals)
      },
    )

    it.runIf(fs.existsSync(mavenFile))('imports the Maven CRM pipeline with zero rejects', async () => {
      const result = await runImport(store, mapped, [mavenFile], {
        mapping: readMappingFile('maven-crm-sales-pipeline'),
      })
      expect(result).toMatchObject({
        rows_read: 8_800,
        inserted: 8_800,
        rejected: 0,
        updated: 0,
        unchanged: 0,
      })
      expect(result.created.people).toBe(30)
    })
  })
}
