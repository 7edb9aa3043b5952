/**
 * The consumption import's native route (DuckDB reads the CSV itself)
 * against the row-by-row path (`staged: false`): a messy file of plain and
 * not-so-plain rows, re-imported unchanged and then with changed numbers,
 * gives the same counts, rejects (row, line, column, reason), created
 * records and stored rows; bad rows deep in a file of 400,000 rows (several
 * blocks of a parallel scan) keep their row and line numbers; quoted, BOM,
 * Windows-1252, CRLF and ragged files, and names that mean another account
 * later in the file, fall back to the JS reader (saying why on DuckDB) and
 * still import right. PostgreSQL, which keeps the JS reader, runs the same
 * comparisons.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listImportRejects, migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import { comparable, openStorePair, storedUsage, type UsageSnapshot } from './usage-snapshot.js'

const NOW = new Date('2026-01-05T12:00:00Z')
const consumption = getImportSource('consumption')
const HEADER = 'date;account_id;account;use_case;sku;units;revenue'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-usage-native-'))
const file = (name: string, text: string | Buffer): string => {
  const p = path.join(dir, name)
  fs.writeFileSync(p, text)
  return p
}

/** Semicolons, so money may carry thousands commas without quotes. */
const messyRows = [
  '2025-03-01;acc-1;Acme;Fraud;compute;1;1.00',
  '3/1/2025;;Initech;Churn;compute;2;$1,234.50',
  '2025-03-01;;Initech;Churn;storage;-5;-1.25',
  '2025-02-30;acc-1;Acme;Fraud;compute;1;1.00',
  'not a date;acc-1;Acme;Fraud;compute;1;1.00',
  '2025-03-02;acc-1;Acme;Fraud;;1;1.00',
  '2025-03-02;acc-new;;;compute;3;3',
  '2025-03-02;;Hooli;;compute;4;4.5',
  '2025-03-02;acc-1;Acme;Fraud;compute; 2 ;1.005',
  '2025-03-02;acc-1;Acme;Fraud;storage;1e3;(12.00)',
  '2025-03-02;acc-1;Acme;Fraud;egress;1,000;€7',
  '2025-03-03;acc-1;Acme;Fraud;compute;5;5.00',
  '2025-03-03;acc-1;Acme;Fraud;compute;6;6.00',
  '2025-03-03;acc-1;Acme;Fraud;compute;6;6.00',
  '2025-03-03;acc-1;acme;fraud;seats;0.1;0.10',
  '2025-03-03;acc-1;Acme;Fraud;api;x;1.00',
  '2025-03-03;acc-1;Acme;Fraud;api;1;',
  '2025-03-03;;;;api;1;1.00',
  '2025-03-04;acc-1;Acme;;compute;12345678901234.5;99999999999.99',
  '2025-03-04;ACC-1;Acme;;compute;-0;-0.00',
]
const messy = file('messy.csv', [HEADER, ...messyRows].join('\n') + '\n')
const again = file('again.csv', [HEADER, ...messyRows].join('\n'))
/** The same keys with other numbers, and a newer day. */
const newer = file(
  'newer.csv',
  [
    HEADER,
    '2025-03-01;acc-1;Acme;Fraud;compute;9;9.00',
    '2025-03-01;;Initech;Churn;storage;-5;-1.25',
    '2025-03-05;acc-1;Acme;Fraud;compute;1;1.00',
  ].join('\n'),
)

const COMMA_HEADER = 'date,account_id,account_name,use_case,sku,units,revenue'
const quoted = file('quoted.csv', `${COMMA_HEADER}\n2025-04-01,acc-q,"Quote, Inc.",,compute,1,1.00\n`)
const bom = file('bom.csv', `\ufeff${COMMA_HEADER}\n2025-04-01,acc-b,Bom,,compute,1,1.00\n`)
const latin = file(
  'latin.csv',
  Buffer.concat([
    Buffer.from(`${COMMA_HEADER}\n2025-04-01,acc-l,Caf`),
    Buffer.from([0xe9]),
    Buffer.from(',,compute,1,1.00\n'),
  ]),
)
const crlf = file('crlf.csv', `${COMMA_HEADER}\r\n2025-04-01,acc-c,Crlf,,compute,1,1.00\r\n`)
const ragged = file(
  'ragged.csv',
  `${COMMA_HEADER}\n2025-04-02,acc-r,Ragged,,compute,1,1.00\n2025-04-02,acc-r\n2025-04-02,acc-r,Ragged,,storage,1,1.00,\n`,
)
const blank = file('blank.csv', `${COMMA_HEADER}\n2025-04-03,acc-r,Ragged,,compute,1,1.00\n\n`)
/** (F1, Foo) matches account:foo by name on row 2; row 3 creates F1, so by row 4 it means F1. */
const shifting = file(
  'shifting.csv',
  [
    COMMA_HEADER,
    '2025-05-01,,Foo,,compute,1,1.00',
    '2025-05-01,F1,Foo,,storage,1,1.00',
    '2025-05-01,F1,Bar,,egress,1,1.00',
    '2025-05-02,F1,Foo,,storage,2,2.00',
  ].join('\n'),
)

/** A day between stored ones (staged, no repeat in the file), then the same key again in a file read in JS. */
const gap = file('gap.csv', `${COMMA_HEADER}\n2025-04-15,acc-g,Gap,,compute,1,1.00\n`)
const gapAgain = file('gap-again.csv', `${COMMA_HEADER}\r\n2025-04-15,acc-g,Gap,,compute,2,2.00\r\n`)

for (const engine of ENGINES) {
  describe(`${engine}: consumption native import`, () => {
    let bulk: Store
    let rowByRow: Store
    beforeAll(async () => {
      ;[bulk, rowByRow] = await openStorePair(engine)
    })
    afterAll(async () => {
      await bulk.close()
      await rowByRow.close()
    })

    const both = async (files: string[]): Promise<[UsageSnapshot, UsageSnapshot, string[]]> => {
      const a = await runImport(bulk, consumption, files, { now: NOW })
      const b = await runImport(rowByRow, consumption, files, { now: NOW, staged: false })
      return [
        { result: comparable(a), rows: await storedUsage(bulk) },
        { result: comparable(b), rows: await storedUsage(rowByRow) },
        a.notes.filter((n) => n.includes('not by DuckDB')),
      ]
    }

    it('imports a messy file as the row-by-row path does', async () => {
      const [a, b, fallbacks] = await both([messy])
      expect(fallbacks).toEqual([])
      expect(a).toEqual(b)
      expect(a.result).toMatchObject({ rows_read: 20, created: { accounts: 4, deals: 2 } })
      expect(a.result.rejects.map((r) => [r.row, r.line, r.column])).toEqual([
        [4, 5, 'date'],
        [5, 6, 'date'],
        [6, 7, 'sku'],
        [16, 17, 'units'],
        [17, 18, 'revenue'],
        [18, 19, 'account_id'],
      ])
      const rows = a.rows[0] as unknown[]
      expect(rows).toContainEqual([
        '2025-03-01',
        'account:initech',
        'use_case:account-initech:churn',
        'compute',
        2,
        123450,
      ])
      // ACC-1 is no account id, so the name finds acc-1: the last row repeats the key of the one before.
      const last = rows.find((r) => (r as unknown[])[0] === '2025-03-04') as number[]
      expect([last[1], Number(last[4]) + 0, last[5]]).toEqual(['acc-1', 0, 0])
      expect(a.result).toMatchObject({ inserted: 11, updated: 2, unchanged: 1 })
    })

    it('re-imports it unchanged, then a newer file with changed numbers, as the row-by-row path does', async () => {
      const [a, b, fallbacks] = await both([again])
      expect(fallbacks).toEqual([])
      expect(a).toEqual(b)
      // Repeated keys: each first row meets the last one stored.
      expect(a.result).toMatchObject({ inserted: 0, created: {} })
      const [c, d] = await both([newer])
      expect(c).toEqual(d)
      expect(c.result).toMatchObject({ inserted: 1, updated: 1, unchanged: 1 })
    })

    it('falls back to the JS reader for quoted, BOM, Windows-1252, CRLF, ragged and blank-line files', async () => {
      const [a, b, fallbacks] = await both([quoted, bom, latin, crlf, ragged, blank])
      expect(a).toEqual(b)
      expect(a.result).toMatchObject({ rows_read: 8, inserted: 7, rejected: 1 })
      if (engine === 'duckdb')
        expect(fallbacks).toEqual([
          'quoted.csv: read in JS, not by DuckDB (it has double quotes)',
          'bom.csv: read in JS, not by DuckDB (it starts with a byte order mark)',
          'latin.csv: read in JS, not by DuckDB (it is not UTF-8)',
          'crlf.csv: read in JS, not by DuckDB (its lines end in carriage returns)',
          'ragged.csv: read in JS, not by DuckDB (a line is blank or has another number of fields than the header)',
          'blank.csv: read in JS, not by DuckDB (a line is blank or has another number of fields than the header)',
        ])
    })

    it('falls back when a name means another account later in the file, and changes nothing before', async () => {
      const [a, b, fallbacks] = await both([shifting])
      expect(a).toEqual(b)
      expect(a.result).toMatchObject({ rows_read: 4, inserted: 4, created: { accounts: 2 } })
      expect(a.rows[0]).toContainEqual(['2025-05-02', 'F1', null, 'storage', 2, 200])
      if (engine === 'duckdb')
        expect(fallbacks).toEqual([
          'shifting.csv: read in JS, not by DuckDB (a name means another account or use case later in the file)',
        ])
    })

    it('merges a key a later file read in JS repeats, as the row-by-row path does', async () => {
      const [a, b] = await both([gap, gapAgain])
      expect(a).toEqual(b)
      expect(a.result).toMatchObject({ rows_read: 2, inserted: 1, updated: 1 })
    })

    it('numbers rows and lines in file order deep into a file read in parallel', async () => {
      const bad = new Map([
        [1, 'x'],
        [123_457, 'bad'],
        [250_001, 'nope'],
        [399_998, '-'],
      ])
      const lines = ['date,account_id,account_name,use_case,sku,units,revenue,comment']
      const note = 'a comment long enough to make the file span several read buffers'
      for (let row = 1; row <= 400_000; row++) {
        const day = `2024-${String(1 + (row % 12)).padStart(2, '0')}-${String(1 + (row % 28)).padStart(2, '0')}`
        lines.push(
          `${day},acc-${row % 50},,,sku-${Math.floor(row / 600)},${bad.get(row) ?? row % 97},1.25,${note}`,
        )
      }
      const big = file('big.csv', lines.join('\n'))
      const spec = await freshDatabase(engine)
      const store = await openStore(spec)
      await migrateToLatest(store)
      try {
        const r = await runImport(store, consumption, [big], { now: NOW, maxListedRejects: 10 })
        expect(r.notes.filter((n) => n.includes('not by DuckDB'))).toEqual([])
        expect(r).toMatchObject({ rows_read: 400_000, inserted: 399_996, rejected: 4 })
        expect(r.rejects.map((x) => [x.row, x.line, x.column, x.reason])).toEqual([
          [1, 2, 'units', '"x" is not a number'],
          [123_457, 123_458, 'units', '"bad" is not a number'],
          [250_001, 250_002, 'units', '"nope" is not a number'],
          [399_998, 399_999, 'units', '"-" is not a number'],
        ])
        const stored = await listImportRejects(store.db, r.run_id, { limit: 10 })
        expect(stored.map((x) => x.raw)).toEqual([
          `2024-02-02,acc-1,,,sku-0,x,1.25,${note}`,
          expect.stringContaining(',bad,'),
          expect.stringContaining(',nope,'),
          expect.stringContaining(',-,'),
        ])
      } finally {
        await store.close()
      }
    }, 120_000)
  })
}

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
