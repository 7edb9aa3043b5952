/**
 * A file that repeats a source id: every version is counted against the one
 * before it (the same content is unchanged, a changed field or signal is an
 * update), the last version is stored with exactly its signals, and the
 * result is the same on a fresh store and on one that already holds the deals.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const mapping = JSON.parse(
  fs.readFileSync(path.join(here, 'fixtures', 'deals-messy.map.json'), 'utf8'),
) as unknown
const mapped = getImportSource('mapped')
const NOW = new Date('2026-01-05T12:00:00Z')
const header = 'Deal Id,Rep,Customer,Result,Amount,Closed On,Competitor Type'

for (const engine of ENGINES) {
  describe(`${engine}: repeated source ids`, () => {
    let store: Store
    let dir: string
    const write = (name: string, lines: string[]): string => {
      const file = path.join(dir, name)
      fs.writeFileSync(file, [header, ...lines].join('\n'))
      return file
    }
    const stored = async (): Promise<string[]> => {
      const deals = await store.db
        .selectFrom('deals')
        .select(['id', 'amount_cents'])
        .where('id', 'like', 'messy-deals:R-%')
        .orderBy('id')
        .execute()
      const signals = await store.db
        .selectFrom('deal_signals')
        .select(['deal_id', 'value'])
        .where('deal_id', 'like', 'messy-deals:R-%')
        .orderBy('deal_id')
        .execute()
      return [
        ...deals.map((d) => `${d.id} ${Number(d.amount_cents)}`),
        ...signals.map((s) => `${s.deal_id} ${s.value}`),
      ]
    }

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-repeats-'))
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => {
      await store.close()
      fs.rmSync(dir, { recursive: true, force: true })
    })

    it('counts each repeat against the version before it and keeps the last', async () => {
      const file = write('repeats.csv', [
        'R-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
        // The same row again: unchanged.
        'R-1,Ann Lee,Initech,Won,100,2024-05-01,Known',
        'R-2,Ann Lee,Initech,Loss,200,2024-05-02,None',
        // Only the signal differs: updated.
        'R-2,Ann Lee,Initech,Loss,200,2024-05-02,Unknown',
        // The signal is gone: updated.
        'R-2,Ann Lee,Initech,Loss,200,2024-05-02,',
        'R-3,Ann Lee,Initech,Won,300,2024-05-03,Known',
        // The amount differs: updated.
        'R-3,Ann Lee,Initech,Won,350,2024-05-03,Known',
      ])
      const first = await runImport(store, mapped, [file], { mapping, now: NOW })
      expect(first).toMatchObject({ rows_read: 7, inserted: 3, updated: 3, unchanged: 1, rejected: 0 })
      expect(first.repeated_ids).toEqual({
        ids: 3,
        rows: 4,
        examples: ['messy-deals:R-1', 'messy-deals:R-2', 'messy-deals:R-3'],
      })
      expect(await stored()).toEqual([
        'messy-deals:R-1 10000',
        'messy-deals:R-2 20000',
        'messy-deals:R-3 35000',
        'messy-deals:R-1 Known',
        'messy-deals:R-3 Known',
      ])

      // Again on a store that holds them: each first version is compared with the stored (last) one.
      const again = await runImport(store, mapped, [file], { mapping, now: NOW })
      expect(again).toMatchObject({ rows_read: 7, inserted: 0, rejected: 0 })
      // unchanged twice. R-2: the first (None) differs from the stored (no signal), then two updates.
      // the first (300) differs from the stored 350, then 350 differs from 300.
      expect(again).toMatchObject({ updated: 5, unchanged: 2 })
      expect(await stored()).toEqual([
        'messy-deals:R-1 10000',
        'messy-deals:R-2 20000',
        'messy-deals:R-3 35000',
        'messy-deals:R-1 Known',
        'messy-deals:R-3 Known',
      ])
    })

    it.runIf(engine === 'duckdb')('clears staging files a killed import left behind', async () => {
      // No process has this id (above the kernel's pid_max), like an import killed midway.
      const orphan = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-stage-2147483646-'))
      fs.writeFileSync(path.join(orphan, 'stage_x_deals.csv'), 'left over\n')
      const file = write('one.csv', ['R-9,Ann Lee,Initech,Won,900,2024-05-09,Known'])
      const result = await runImport(store, mapped, [file], { mapping, now: NOW })
      expect(result).toMatchObject({ rows_read: 1, inserted: 1 })
      expect(fs.existsSync(orphan)).toBe(false)
      // And its own staging folder is gone too.
      const mine = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(`revlab-stage-${process.pid}-`))
      expect(mine).toEqual([])
    })

    it('a later file whose last version equals the stored one changes nothing', async () => {
      const file = write('settled.csv', [
        'R-2,Ann Lee,Initech,Loss,200,2024-05-02,',
        'R-3,Ann Lee,Initech,Won,350,2024-05-03,Known',
      ])
      const result = await runImport(store, mapped, [file], { mapping, now: NOW })
      expect(result).toMatchObject({ rows_read: 2, inserted: 0, updated: 0, unchanged: 2 })
    })
  })
}
