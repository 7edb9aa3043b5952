import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, runImport, type ImportResult } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'
import { dataDir, fixture } from './sample-files.js'

const xapiDir = path.join(dataDir, 'xapi-sample-statements')
const ouladDir = path.join(dataDir, 'oulad-open-university-learning-analytics')
const NOW = new Date('2026-01-05T12:00:00Z')

const accounted = (r: ImportResult): number => r.inserted + r.updated + r.unchanged + r.rejected

for (const engine of ENGINES) {
  describe(`${engine}: LMS imports`, () => {
    let store: Store
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => store.close())

    it('imports every statement of the xAPI sample set, and again changes nothing', async () => {
      const files = ['tccc_dev.json', 'simple.json', 'long.json'].map((f) => path.join(xapiDir, f))
      const xapi = getImportSource('xapi')
      const first = await runImport(store, xapi, files, { now: NOW })
      // 2,814 + 1 + 1 statements; the Group in long.json gives one event per identified member.
      expect(first).toMatchObject({ status: 'committed', rows_read: 2_816, inserted: 2_816, rejected: 0 })
      expect(first.created.people).toBe(10)
      const counts = await countRows(store)
      expect(counts.learning_events).toBe(2_818)
      const again = await runImport(store, xapi, files, { now: NOW })
      expect(again).toMatchObject({
        rows_read: 2_816,
        inserted: 0,
        updated: 0,
        unchanged: 2_816,
        created: {},
      })
      expect((await countRows(store)).learning_events).toBe(2_818)
    })

    it('quarantines broken statements in JSON lines and keeps the rest', async () => {
      const r = await runImport(store, getImportSource('xapi'), [fixture('lms-statements.jsonl')], {
        now: NOW,
      })
      expect(accounted(r)).toBe(r.rows_read)
      expect(r.rows_read).toBe(5)
      expect(r.rejects.map((x) => [x.row, x.line, x.column])).toEqual([
        [4, 4, 'actor'],
        [5, 5, null],
      ])
      expect(r.created.certifications).toBe(1)
    })

    it('maps SCORM statuses of a completion CSV and rejects what it cannot store', async () => {
      const r = await runImport(store, getImportSource('lms-csv'), [fixture('lms-completions.csv')], {
        now: NOW,
      })
      expect(r).toMatchObject({ rows_read: 9, inserted: 6, rejected: 3 })
      expect(r.rejects.map((x) => [x.row, x.column])).toEqual([
        [7, 'Completed_At'],
        [8, 'Email'],
        [9, 'Status'],
      ])
      const events = await store.db
        .selectFrom('learning_events')
        .select(['verb'])
        .where('source', '=', 'lms-csv')
        .orderBy('occurred_at')
        .execute()
      expect(events.map((e) => e.verb)).toEqual([
        'passed',
        'completed',
        'attempted',
        'experienced',
        'failed',
        'passed',
      ])
    })

    it('imports OULAD with zero rejects and every row accounted for', async () => {
      const r = await runImport(store, getImportSource('lms-csv'), [ouladDir], { now: NOW })
      // courses 22 + assessments 206 + vle 6,364 + studentInfo 32,593 + studentRegistration 32,593 + studentAssessment 173,912
      expect(r).toMatchObject({ status: 'committed', rows_read: 245_690, inserted: 245_690, rejected: 0 })
      expect(r.created.people).toBe(28_785)
      const results = await store.db
        .selectFrom('learning_events')
        .select(['verb', store.db.fn.countAll<number>().as('n')])
        .where('id', 'like', 'oulad:result:%')
        .groupBy('verb')
        .orderBy('verb')
        .execute()
      expect(results.map((x) => [x.verb, Number(x.n)])).toEqual([
        ['failed', 7_052],
        ['passed', 12_361 + 3_024],
        ['withdrawn', 10_156],
      ])
    })
  })
}
