import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, listImportRejects, migrateToLatest, openStore, type Store } from '@revlab/db'
import { getImportSource, runImport } from '@revlab/importers'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const fixtures = path.resolve(here, '../src/salesforce/fixtures')
const salesforce = getImportSource('salesforce')
const NOW = new Date('2026-01-05T12:00:00Z')

for (const engine of ENGINES) {
  describe(`${engine}: Salesforce export imports`, () => {
    let store: Store
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => store.close())

    it('imports a clean export folder with stage history, stakeholders and activities', async () => {
      const result = await runImport(store, salesforce, [path.join(fixtures, 'clean')], {
        now: NOW,
        mapping: { customFieldsAsSignals: true },
      })
      expect(result).toMatchObject({ status: 'committed', rows_read: 26, rejected: 0 })
      // One history row continues a visit (Qualification again, counted with it); all else is new.
      expect(result.inserted + result.updated + result.unchanged).toBe(26)
      expect(result.inserted).toBe(25)
      expect(result.created).toMatchObject({ stage_models: 1, stages: 5, signal_definitions: 2 })
      const counts = await countRows(store)
      expect(counts).toMatchObject({
        people: 3,
        accounts: 2,
        contacts: 3,
        deals: 3,
        deal_stage_history: 8,
        deal_stakeholders: 3,
        activities: 3,
        deal_signals: 4,
      })
      const stages = await store.db
        .selectFrom('stages')
        .select(['key', 'position', 'probability', 'is_won'])
        .orderBy('position')
        .execute()
      expect(stages.map((s) => s.key)).toEqual([
        'prospecting',
        'qualification',
        'proposal_price_quote',
        'closed_won',
        'closed_lost',
      ])
      const history = await store.db
        .selectFrom('deal_stage_history')
        .select(['stage_key', 'entered_at', 'exited_at'])
        .where('deal_id', '=', 'sf:0065e000004AAAA')
        .orderBy('entered_at')
        .execute()
      expect(
        history.map((h) => [
          h.stage_key,
          String(h.exited_at === null ? null : new Date(h.exited_at).toISOString()),
        ]),
      ).toEqual([
        ['prospecting', '2024-02-01T10:00:00.000Z'],
        ['qualification', '2024-03-18T16:45:00.000Z'],
        ['proposal_price_quote', '2024-05-28T11:00:00.000Z'],
        ['closed_won', 'null'],
      ])
      const roles = await store.db
        .selectFrom('deal_stakeholders')
        .select(['contact_id', 'roles'])
        .orderBy('contact_id')
        .execute()
      expect(roles.map((r) => [r.contact_id, JSON.parse(r.roles) as string[]])).toEqual([
        ['sf:0035e000003AAAA', ['economic_buyer', 'exec_sponsor']],
        ['sf:0035e000003BBBB', ['technical_champion']],
        ['sf:0035e000003CCCC', ['economic_buyer']],
      ])
      const deal = await store.db
        .selectFrom('deals')
        .selectAll()
        .where('id', '=', 'sf:0065e000004CCCC')
        .executeTakeFirstOrThrow()
      expect(deal).toMatchObject({
        kind: 'expansion',
        stage_key: 'closed_lost',
        is_closed: true,
        is_won: false,
        competitor: 'Vendor X',
        owner_id: 'sf:0055e000001AAAA',
        segment: 'Mid-Market',
      })
      const people = await store.db
        .selectFrom('people')
        .select(['id', 'role', 'manager_id'])
        .orderBy('id')
        .execute()
      expect(people).toEqual([
        { id: 'sf:0055e000001AAAA', role: 'ae', manager_id: 'sf:0055e000001CCCC' },
        { id: 'sf:0055e000001BBBB', role: 'se', manager_id: 'sf:0055e000001CCCC' },
        { id: 'sf:0055e000001CCCC', role: 'leader', manager_id: null },
      ])
      const call = await store.db
        .selectFrom('activities')
        .select(['type', 'duration_min', 'weight'])
        .orderBy('id')
        .execute()
      expect(call).toEqual([
        { type: 'call', duration_min: 30, weight: 1 },
        { type: 'email', duration_min: 5, weight: 0.39 },
        { type: 'demo', duration_min: 60, weight: 4 },
      ])
    })

    it('changes nothing when the same export comes again', async () => {
      const before = await countRows(store)
      const again = await runImport(store, salesforce, [path.join(fixtures, 'clean')], {
        now: NOW,
        mapping: { customFieldsAsSignals: true },
      })
      expect(again).toMatchObject({ rows_read: 26, inserted: 0, updated: 0, unchanged: 26, rejected: 0 })
      const after = await countRows(store)
      expect({ ...after, import_runs: 0, import_rejects: 0 }).toEqual({
        ...before,
        import_runs: 0,
        import_rejects: 0,
      })
    })

    it('quarantines the messy export with exact rejects and keeps the rest', async () => {
      const result = await runImport(store, salesforce, [path.join(fixtures, 'messy')], { now: NOW })
      expect(result.status).toBe('committed')
      expect(result.rejects).toEqual([
        {
          file: 'Opportunity.csv',
          row: 3,
          line: 5,
          column: 'AccountId',
          reason: 'the opportunity has no AccountId',
        },
        { file: 'Opportunity.csv', row: 4, line: 6, column: 'Amount', reason: '"12k" is not an amount' },
        {
          file: 'Opportunity.csv',
          row: 5,
          line: 7,
          column: 'CloseDate',
          reason: '"13/45/2024" is not a date',
        },
        {
          file: 'OpportunityHistory.csv',
          row: 4,
          line: 5,
          column: 'OpportunityId',
          reason: 'no opportunity with Id 0065e00000ZZZZZ in Opportunity.csv',
        },
      ])
      expect(result).toMatchObject({ rows_read: 15, rejected: 4, inserted: 11 })
      const deal = await store.db
        .selectFrom('deals')
        .select(['amount_cents', 'close_date', 'created_at', 'segment'])
        .where('id', '=', 'sf:0065e00000AAAAA')
        .executeTakeFirstOrThrow()
      expect(deal.amount_cents).toBe(25_000_000)
      expect(String(deal.close_date).slice(0, 10)).toBe('2024-06-28')
      expect(new Date(deal.created_at).toISOString()).toBe('2024-01-08T09:15:00.000Z')
      expect(deal.segment).toBe('Mid-Market')
      const stored = await listImportRejects(store.db, result.run_id)
      expect(stored.map((r) => [r.file, r.row, r.line])).toEqual(
        result.rejects.map((r) => [r.file, r.row, r.line]),
      )
      expect(stored[0]?.raw).toContain('Orphan deal')
    })

    it('a newer export updates records by Salesforce Id', async () => {
      const fresh = await openStore(await freshDatabase(engine))
      await migrateToLatest(fresh)
      try {
        await runImport(fresh, salesforce, [path.join(fixtures, 'clean')], { now: NOW })
        const result = await runImport(
          fresh,
          salesforce,
          [path.join(fixtures, 'messy', 'User.csv'), path.join(fixtures, 'clean', 'Opportunity.csv')],
          { now: NOW },
        )
        // The clean Opportunity.csv again, its owners found through the aliases of the earlier import.
        expect(result).toMatchObject({ rejected: 0, rows_read: 5 })
        expect((await countRows(fresh)).people).toBe(5)
      } finally {
        await fresh.close()
      }
    })
  })
}
