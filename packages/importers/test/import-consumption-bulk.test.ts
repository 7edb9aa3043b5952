/**
 * The consumption import's bulk path (staged in bulk, merged set-based)
 * against the row-by-row path (`staged: false`, batch upserts): the same
 * files, one after the other, give the same result (counts, rejects with
 * row, line, column and reason, created records) and the same stored rows on
 * both engines; the rollups match a full rebuild; rejects spill to the store
 * in batches while the result lists the first few.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import {
  countRows,
  listImportRejects,
  migrateToLatest,
  openStore,
  refreshConsumptionRollup,
  type Store,
} from '@revlab/db'
import { getImportSource, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import { comparable, openStorePair, storedUsage, type UsageSnapshot } from './usage-snapshot.js'

const NOW = new Date('2026-01-05T12:00:00Z')
const consumption = getImportSource('consumption')
const HEADER = 'date,account_id,account_name,use_case,sku,units,revenue'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-usage-bulk-'))
const file = (name: string, text: string): string => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

/** Days in order, then a repeated key (changed, then the same again), then an earlier day. */
const first = file(
  'first.csv',
  [
    HEADER,
    '2025-03-01,acc-1,Acme,Fraud,compute,1,1.00',
    '2025-03-01,acc-1,Acme,Fraud,storage,5,0.50',
    '2025-03-01,,Globex,,compute,2,2.00',
    '2025-03-02,acc-1,Acme,Fraud,compute,3,3.00',
    '2025-03-02,acc-1,Acme,Fraud,compute,4,4.00',
    '2025-03-02,acc-1,Acme,Fraud,compute,4,4.00',
    '2025-03-02,acc-1,Acme,Fraud,compute,x,4.00',
    '2025-02-28,acc-1,Acme,Fraud,compute,9,9.00',
    '2025-03-03,acc-2,,,compute,1,1.00',
  ].join('\n'),
)
/** Sorted, on days the store has (one changed, one the same) and newer days: staged after the first stored day. */
const second = file(
  'second.csv',
  [
    HEADER,
    '2025-03-04,acc-1,Acme,Fraud,compute,7,7.00',
    '2025-03-01,acc-1,Acme,Fraud,compute,1,1.00',
    '2025-03-02,acc-1,Acme,Fraud,compute,4,4.50',
    '2025-03-05,acc-9,Initech,Churn,compute,1,1.00',
  ].join('\n'),
)
/** Newer days only: every row goes straight in. */
const third = file(
  'third.csv',
  [HEADER, '2025-04-01,acc-1,Acme,Fraud,compute,1,1.00', '2025-04-02,acc-1,Acme,Fraud,compute,2,2.00'].join(
    '\n',
  ),
)
/** CRLF, blank lines, white space and ragged rows, without a quote (the fast reader). */
const messy = file(
  'messy.csv',
  `${HEADER}\r\n\r\n2025-05-01,acc-1,Acme,,compute,1,1.00\r\n   \r\n2025-05-01,acc-1,Acme,,storage, 2 ,$3.50\r\n2025-05-02,acc-1\r\n2025-05-02,acc-1,Acme,,compute,1,1.00,,\r\n,,,,,,\r\n5/3/2025,acc-1,Acme,,compute,"1",1.00\r\n`.replace(
    '"1"',
    '1',
  ),
)
/** Quoted fields (a comma and a newline inside): read by the CSV parser. */
const quoted = file(
  'quoted.csv',
  `${HEADER}\n2025-06-01,acc-q,"Quote, Inc.",,compute,1,1.00\n2025-06-01,acc-q,"Two\nLines",,storage,1,abc\n2025-06-02,acc-q,"Quote, Inc.","Use ""this""",compute,2,2.00\n`,
)

async function rollups(store: Store): Promise<unknown[]> {
  const day = (v: unknown): string => (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10)
  const monthly = await store.db
    .selectFrom('consumption_monthly')
    .selectAll()
    .orderBy('month')
    .orderBy('account_id')
    .orderBy('use_case_id')
    .orderBy('sku')
    .execute()
  const days = await store.db
    .selectFrom('consumption_day_totals')
    .selectAll()
    .orderBy('day')
    .orderBy('account_id')
    .orderBy('use_case_id')
    .execute()
  return [
    monthly.map((r) => [
      day(r.month),
      r.account_id,
      r.use_case_id,
      r.sku,
      Number(r.revenue_cents),
      day(r.first_day),
      Number(r.day_rows),
    ]),
    days.map((r) => [day(r.day), r.account_id, r.use_case_id, Number(r.revenue_cents)]),
  ]
}

for (const engine of ENGINES) {
  describe(`${engine}: consumption bulk import`, () => {
    let bulk: Store
    let rowByRow: Store
    beforeAll(async () => {
      ;[bulk, rowByRow] = await openStorePair(engine)
    })
    afterAll(async () => {
      await bulk.close()
      await rowByRow.close()
    })

    const both = async (files: string[]): Promise<UsageSnapshot[]> => {
      const a = await runImport(bulk, consumption, files, { now: NOW })
      const b = await runImport(rowByRow, consumption, files, { now: NOW, staged: false })
      return [
        { result: comparable(a), rows: await storedUsage(bulk) },
        { result: comparable(b), rows: await storedUsage(rowByRow) },
      ]
    }

    it('counts repeats and unsorted days as the row-by-row path does, and keeps the last version', async () => {
      const [a, b] = await both([first])
      expect(a).toEqual(b)
      expect(a?.result).toMatchObject({
        rows_read: 9,
        inserted: 6,
        updated: 1,
        unchanged: 1,
        rejected: 1,
        created: { accounts: 3, deals: 1 },
      })
      expect(a?.result.rejects).toEqual([
        { file: 'first.csv', row: 7, line: 8, column: 'units', reason: '"x" is not a number' },
      ])
      expect(a?.rows[0]).toContainEqual(['2025-03-02', 'acc-1', 'use_case:acc-1:fraud', 'compute', 4, 400])
    })

    it('re-imports changed, equal and newer rows as the row-by-row path does', async () => {
      const [a, b] = await both([second])
      expect(a).toEqual(b)
      expect(a?.result).toMatchObject({ rows_read: 4, inserted: 2, updated: 1, unchanged: 1 })
      const [c, d] = await both([third])
      expect(c).toEqual(d)
      expect(c?.result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 })
      const [e, f] = await both([first, second, third])
      expect(e).toEqual(f)
      expect(e?.result).toMatchObject({ rows_read: 15, inserted: 0, rejected: 1 })
    })

    it('reads CRLF, blank lines and ragged rows, and quoted fields, with the same rows, lines and reasons', async () => {
      const [a, b] = await both([messy, quoted])
      expect(a).toEqual(b)
      expect(a?.result.rejects.map((r) => [r.file, r.row, r.line, r.column])).toEqual([
        ['messy.csv', 3, 6, null],
        ['messy.csv', 5, 8, 'date'],
        ['quoted.csv', 2, 3, 'revenue'],
      ])
      expect(a?.result).toMatchObject({ rows_read: 9, inserted: 6, rejected: 3 })
    })

    it('keeps the rollups equal to a full rebuild', async () => {
      const kept = await rollups(bulk)
      await bulk.bulkTransaction(async (_writer, tx) => refreshConsumptionRollup(tx))
      expect(await rollups(bulk)).toEqual(kept)
      expect((kept[0] as unknown[]).length).toBeGreaterThan(5)
    })

    it('spills rejects to the store in batches, lists the first few, and counts them all', async () => {
      const lines = [HEADER, '2025-07-01,acc-1,Acme,,compute,1,1.00']
      for (let i = 0; i < 12_000; i++) lines.push(`2025-07-01,acc-1,Acme,,sku-${i},none,1.00`)
      const many = file('many.csv', lines.join('\n'))
      const r = await runImport(bulk, consumption, [many], { now: NOW, maxListedRejects: 3 })
      expect(r).toMatchObject({ rows_read: 12_001, inserted: 1, rejected: 12_000 })
      expect(r.rejects.map((x) => [x.row, x.line])).toEqual([
        [2, 3],
        [3, 4],
        [4, 5],
      ])
      const stored = await listImportRejects(bulk.db, r.run_id, { limit: 20_000 })
      expect(stored).toHaveLength(12_000)
      expect(stored.at(-1)).toMatchObject({ row: 12_001, line: 12_002, column: 'units' })
    })

    it('--strict rolls back everything, indexes included, and records the failed run', async () => {
      const spec = await freshDatabase(engine)
      const fresh = await openStore(spec)
      await migrateToLatest(fresh)
      try {
        const r = await runImport(fresh, consumption, [first], { now: NOW, strict: true })
        expect(r).toMatchObject({ status: 'failed', rejected: 1, inserted: 0 })
        const counts = await countRows(fresh)
        expect(counts).toMatchObject({ consumption_daily: 0, accounts: 0, import_runs: 1, import_rejects: 1 })
        const again = await runImport(fresh, consumption, [first], { now: NOW })
        expect(again).toMatchObject({ status: 'committed', inserted: 6 })
        if (spec.engine === 'postgres') {
          const client = new pg.Client({ connectionString: spec.url })
          await client.connect()
          const indexes = await client.query<{ n: string }>(
            `select count(*) as n from pg_indexes where tablename = 'consumption_daily'`,
          )
          await client.end()
          expect(Number(indexes.rows[0]?.n)).toBe(2)
        }
      } finally {
        await fresh.close()
      }
    })
  })
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
