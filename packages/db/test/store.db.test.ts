import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Deal, Person } from '@revlab/domain'
import {
  TABLES,
  countRows,
  createUser,
  findDealDetail,
  findUserByEmail,
  listDeals,
  loadPipelineInputs,
  migrateDownAll,
  migrateToLatest,
  openStore,
  ownerScopeFor,
  schemaVersion,
  LATEST_SCHEMA_VERSION,
  type Store,
} from '@revlab/db'
import { ENGINES, freshDatabase } from './engines.js'
import { testDeal, testPerson } from './records.js'
import { migrations } from '../src/migrations/index.js'

const NOW = '2025-01-20T09:30:00.000Z'

const person = (id: string, managerId: string | null, role: Person['role'] = 'ae'): Person =>
  testPerson(id, { managerId, role, aeType: role === 'ae' ? 'hunter' : null })

const deal = (id: string, ownerId: string, over: Partial<Deal> = {}): Deal =>
  testDeal(id, { ownerId, createdAt: '2025-01-10T09:30:00.000Z', closeDate: '2025-05-15', ...over })

describe('migrations', () => {
  it('lists every migration file in the index', () => {
    const files = fs
      .readdirSync(new URL('../src/migrations/', import.meta.url))
      .filter((f) => /^\d{12}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
    expect(Object.keys(migrations).sort()).toEqual(files.sort())
  })
})

for (const engine of ENGINES) {
  describe(`${engine}: store`, () => {
    let store: Store

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
    })
    afterAll(async () => {
      await store.close()
    })

    it('migrates up, down and up again', async () => {
      expect(await schemaVersion(store)).toBe(LATEST_SCHEMA_VERSION)
      await migrateDownAll(store)
      expect(await schemaVersion(store)).toBeNull()
      expect(await migrateToLatest(store)).toEqual(Object.keys(migrations).sort())
      const counts = await countRows(store)
      expect(Object.keys(counts)).toEqual([...TABLES])
      expect(Object.values(counts).every((n) => n === 0)).toBe(true)
    })

    it('bulk-loads records and reads back the same values and types', async () => {
      await store.bulkTransaction(async (w) => {
        await w.append('people', [
          person('mgr', null, 'manager'),
          person('rep1', 'mgr'),
          person('rep2', 'mgr'),
          person('rep3', null),
        ])
        await w.append('accounts', [
          {
            id: 'acc1',
            name: 'Acme "Quoted", Inc.',
            industry: 'Software',
            employees: 1200,
            segment: 'SMB',
            region: 'EMEA',
            fundingStage: 'Series C',
            lastFundingDate: null,
            ownerId: 'rep1',
            coreOwnerId: null,
            createdAt: '2024-03-01T00:00:00.000Z',
          },
        ])
        await w.append('stages', [
          {
            id: 's1',
            stageModelId: 'classic',
            key: 'discovery',
            name: 'Discovery',
            position: 1,
            probability: 0.1,
            exitCriteria: '[]',
            isClosed: false,
            isWon: false,
          },
          {
            id: 's2',
            stageModelId: 'classic',
            key: 'closed_won',
            name: 'Closed Won',
            position: 6,
            probability: 1,
            exitCriteria: '[]',
            isClosed: true,
            isWon: true,
          },
        ])
        await w.append('stage_models', [{ id: 'classic', name: 'Classic', description: 'd', segment: null }])
        await w.append('deals', [
          deal('d1', 'rep1', { amountCents: 9_007_199_254_740 }),
          deal('d2', 'rep2', {
            isClosed: true,
            isWon: true,
            stageKey: 'closed_won',
            closeDate: '2025-02-03',
          }),
          deal('d3', 'rep3', { name: 'Rep3 Deal' }),
        ])
        await w.append('deal_stage_history', [
          {
            id: 'h1',
            dealId: 'd1',
            stageKey: 'discovery',
            enteredAt: '2025-01-10T09:30:00.000Z',
            exitedAt: null,
          },
        ])
      })
      const acc = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow()
      expect(acc.name).toBe('Acme "Quoted", Inc.')
      expect(acc.last_funding_date).toBeNull()
      expect(acc.employees).toBe(1200)
      expect(acc.created_at).toBe('2024-03-01T00:00:00.000Z')
      const d1 = await store.db
        .selectFrom('deals')
        .selectAll()
        .where('id', '=', 'd1')
        .executeTakeFirstOrThrow()
      expect(d1.amount_cents).toBe(9_007_199_254_740)
      expect(d1.close_date).toBe('2025-05-15')
      expect(d1.is_closed).toBe(false)
      expect((await countRows(store)).deals).toBe(3)
    })

    it('rolls a failed bulk load back whole', async () => {
      const before = (await countRows(store)).people
      await expect(
        store.bulkTransaction(async (w) => {
          await w.append('people', [person('x1', null)])
          throw new Error('boom halfway')
        }),
      ).rejects.toThrow('boom halfway')
      expect((await countRows(store)).people).toBe(before)
    })

    it('scopes deals by role: a rep sees only their own, a manager the team', async () => {
      const rep = await createUser(
        store.db,
        { email: 'Rep1@Example.com', name: 'Rep One', role: 'rep', personId: 'rep1', passwordHash: 'x' },
        '2025-01-01T00:00:00.000Z',
      )
      expect(rep.email).toBe('rep1@example.com')
      expect((await findUserByEmail(store.db, ' REP1@example.com '))?.id).toBe(rep.id)
      const repScope = await ownerScopeFor(store.db, rep)
      const mine = await listDeals(
        store.db,
        { page: 1, pageSize: 25, sort: 'closeDate', order: 'desc' },
        repScope,
      )
      expect(mine.total).toBe(1)
      expect(mine.data.map((d) => d.id)).toEqual(['d1'])
      expect(await findDealDetail(store.db, 'd2', repScope, NOW)).toBeUndefined()
      const detail = await findDealDetail(store.db, 'd1', repScope, NOW)
      expect(detail?.stageHistory).toEqual([
        {
          stageKey: 'discovery',
          stageName: 'Discovery',
          enteredAt: '2025-01-10T09:30:00.000Z',
          exitedAt: null,
          days: 10,
        },
      ])

      // A rep with no linked person sees nothing (PostgreSQL rejects a NUL-byte sentinel, so no tricks).
      const nobody = await listDeals(
        store.db,
        { page: 1, pageSize: 25, sort: 'name', order: 'asc' },
        { kind: 'owners', ownerIds: [] },
      )
      expect(nobody).toEqual({ data: [], total: 0 })
      expect(await findDealDetail(store.db, 'd1', { kind: 'owners', ownerIds: [] }, NOW)).toBeUndefined()

      const manager = await createUser(
        store.db,
        { email: 'm@example.com', name: 'M', role: 'manager', personId: 'mgr', passwordHash: 'x' },
        '2025-01-01T00:00:00.000Z',
      )
      const team = await listDeals(
        store.db,
        { page: 1, pageSize: 25, sort: 'name', order: 'asc' },
        await ownerScopeFor(store.db, manager),
      )
      expect(team.data.map((d) => d.id)).toEqual(['d1', 'd2'])

      const all = await listDeals(
        store.db,
        { page: 2, pageSize: 2, sort: 'name', order: 'asc' },
        { kind: 'all' },
      )
      expect(all.total).toBe(3)
      expect(all.data.map((d) => d.id)).toEqual(['d3'])
      const search = await listDeals(
        store.db,
        { page: 1, pageSize: 25, sort: 'name', order: 'asc', q: 'acme' },
        { kind: 'all' },
      )
      expect(search.total).toBe(3)
      const won = await listDeals(
        store.db,
        { page: 1, pageSize: 25, sort: 'name', order: 'asc', status: 'won' },
        { kind: 'all' },
      )
      expect(won.data.map((d) => [d.id, d.status])).toEqual([['d2', 'won']])
    })

    it('aggregates the pipeline by stage and closed deals by quarter', async () => {
      const inputs = await loadPipelineInputs(store.db, {}, { kind: 'all' })
      expect(inputs.openByStage).toEqual([
        {
          stageModelId: 'classic',
          stageModelName: 'Classic',
          stageKey: 'discovery',
          stageName: 'Discovery',
          position: 1,
          deals: 2,
          amountCents: 9_007_199_254_740 + 5_000_000,
        },
      ])
      expect(inputs.closedByQuarter).toEqual([
        { year: 2025, quarter: 1, closed: 1, won: 1, wonAmountCents: 5_000_000 },
      ])
    })
  })
}

describe('opening a store: clear errors', () => {
  it('says a file is not a DuckDB database', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-bad-')), 'notes.duckdb')
    fs.writeFileSync(file, 'these are my notes, not a database\n'.repeat(200))
    await expect(openStore({ engine: 'duckdb', path: file })).rejects.toMatchObject({
      code: 'DB_NOT_A_DATABASE',
      message: `${file} is not a DuckDB database`,
    })
  })

  it('says an unreachable PostgreSQL server cannot be reached, without the password', async () => {
    const error = await openStore({
      engine: 'postgres',
      url: 'postgres://me:s3cret@127.0.0.1:1/nowhere',
    }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'DB_UNREACHABLE' })
    expect(String((error as Error).message)).toContain(
      'cannot reach PostgreSQL at postgres://me:***@127.0.0.1:1/nowhere',
    )
    expect(String((error as Error).message)).not.toContain('s3cret')
  })

  it.runIf(ENGINES.includes('postgres'))('says PostgreSQL refused a wrong password', async () => {
    const url = new URL(inject('pgAdminUrl'))
    url.password = 'wrong-password'
    await expect(openStore({ engine: 'postgres', url: url.toString() })).rejects.toMatchObject({
      code: 'DB_UNREACHABLE',
      hint: 'check the user name and password in the URL',
    })
  })
})
