import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseQuestion, questionWords } from '@revlab/analyses'
import { loadAskCatalogue, migrateToLatest, openStore, type Store } from '../src/index.js'
import { ENGINES, freshDatabase } from './engines.js'

// Names whose first word the parser's folding (accents, punctuation, "'s") changes, and plain ones.
const NAMES = [
  'Granite Goods',
  'Granite',
  'Granite-Works',
  'Graniteville Labs',
  'Café Grün',
  'Ærø Holdings',
  '(The) Works',
  "O'Brien's Pub",
  'ACME-Corp',
  'Acmé Tools',
  'Zeta 9',
  'Zebra Works',
  'Lumen Labs Group 17',
  'Lumen Labs Group 170',
]

const QUESTIONS = [
  'consumption of granite goods last week',
  'how is granite works doing',
  'usage at cafe grun this quarter',
  'consumption of r holdings',
  'how is the works doing',
  "O'Brien's pub consumption since January",
  'acme corp run rate',
  'how are acme tools doing',
  'zeta 9 consumption',
  'lumen labs group 170 usage last month',
  'which accounts lost the most consumption last week?',
  '',
]

describe.each(ENGINES)(
  '%s: the ask catalogue reads only the account names a question can match',
  (engine) => {
    let store: Store
    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      await store.db
        .insertInto('accounts')
        .values(
          NAMES.map((name, i) => ({
            id: `acc-${String(i).padStart(2, '0')}`,
            name,
            industry: 'Software',
            employees: 100,
            segment: 'mid',
            region: i % 2 ? 'EMEA' : 'NA East',
            funding_stage: 'series_a',
            last_funding_date: null,
            owner_id: null,
            core_owner_id: null,
            created_at: '2026-01-01T00:00:00Z',
          })),
        )
        .execute()
    })
    afterAll(async () => {
      await store.close()
    })

    it('parses every question exactly as against all the names', async () => {
      const all = await loadAskCatalogue(store.db)
      expect(all.accounts).toHaveLength(NAMES.length)
      for (const question of QUESTIONS) {
        const some = await loadAskCatalogue(store.db, { accountWords: questionWords(question) })
        expect(some.regions, question).toEqual(all.regions)
        expect(parseQuestion(question, some, '2026-11-23'), question).toEqual(
          parseQuestion(question, all, '2026-11-23'),
        )
      }
    })

    it('leaves out the names that cannot match', async () => {
      const names = async (question: string): Promise<string[]> =>
        (await loadAskCatalogue(store.db, { accountWords: questionWords(question) })).accounts.map(
          (a) => a.name,
        )
      expect(await names('consumption of granite goods last week')).toEqual([
        'Granite Goods',
        'Granite',
        'Granite-Works',
        'Café Grün', // not all ASCII, and starts with a word's first letter
        'Ærø Holdings', // starts with a letter folding may drop
        '(The) Works', // starts with punctuation
      ])
      expect(await names('acme corp run rate')).toEqual([
        'Café Grün',
        'Ærø Holdings',
        '(The) Works',
        'ACME-Corp',
        'Acmé Tools',
      ])
      const plain = await names('which accounts lost the most consumption last week?')
      expect(plain).not.toContain('Lumen Labs Group 17')
      expect(plain).not.toContain('Zebra Works')
    })
  },
)
