/**
 * The enablement inputs read back on both engines from a stored demo
 * company: exactly the rows the in-memory records give (same order, same
 * values; talk ratios to float precision), the as-of date from the data, and
 * a rep's scope narrowed to the rep.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enablementInputsFromDataset } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import type { EnablementInputs } from '@revlab/domain'
import { loadDataset, loadEnablementInputs, migrateToLatest, openStore, type Store } from '../src/index.js'
import { ENGINES, freshDatabase } from './engines.js'

const AS_OF = '2026-11-23'
const company = generateDemoCompany({ scale: 'small', seed: 5, asOf: AS_OF })
const expected = enablementInputsFromDataset(company.dataset, AS_OF)

const rounded = (inputs: EnablementInputs): EnablementInputs => ({
  ...inputs,
  calls: inputs.calls.map((c) => ({
    ...c,
    talkRatio: c.talkRatio === null ? null : Math.round(c.talkRatio * 1e6) / 1e6,
  })),
})

describe.each(ENGINES)('%s: enablement inputs', (engine) => {
  let store: Store
  beforeAll(async () => {
    store = await openStore(await freshDatabase(engine))
    await migrateToLatest(store)
    await loadDataset(store, company.dataset)
  })
  afterAll(async () => {
    await store.close()
  })

  it('reads every person, content item, learning event, certification, call and deal as stored', async () => {
    const loaded = await loadEnablementInputs(store.db)
    expect(loaded.asOf <= AS_OF).toBe(true)
    const again = await loadEnablementInputs(store.db, { asOf: AS_OF })
    expect(rounded(again)).toEqual(rounded(expected))
    expect(again.content.find((c) => c.id === 'content-discovery-excellence')?.costCents).toBe(45_000)
    expect(again.calls.length).toBeGreaterThan(1000)
  })

  it('narrows a scoped viewer to their own people, and an empty scope to nothing', async () => {
    const rep = expected.people.find((p) => p.role === 'ae') as EnablementInputs['people'][number]
    const scoped = await loadEnablementInputs(store.db, {
      asOf: AS_OF,
      scope: { kind: 'owners', ownerIds: [rep.id] },
    })
    expect(scoped.people.map((p) => p.id)).toEqual([rep.id])
    expect(scoped.deals.length).toBeGreaterThan(0)
    expect(scoped.deals.every((d) => d.ownerId === rep.id)).toBe(true)
    expect(scoped.calls.every((c) => c.ownerId === rep.id)).toBe(true)
    expect(scoped.learningEvents.every((e) => e.personId === rep.id)).toBe(true)
    const none = await loadEnablementInputs(store.db, {
      asOf: AS_OF,
      scope: { kind: 'owners', ownerIds: [] },
    })
    expect([none.people.length, none.deals.length, none.calls.length, none.learningEvents.length]).toEqual([
      0, 0, 0, 0,
    ])
  })
})
