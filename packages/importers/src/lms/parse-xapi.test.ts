import { describe, expect, it } from 'vitest'
import { createAccountMatcher, createPersonMatcher } from '../framework/directory.js'
import type { ReferenceContext } from '../framework/references.js'
import { mapStatement, scoreOf, verbName } from './map-statement.js'
import { presentationStart } from './oulad.js'
import { parseXapiFile } from './parse-xapi.js'

const statement = (id: string, verb = 'completed') => ({
  id,
  actor: { mbox: `mailto:${id}@example.com` },
  verb: { id: `http://adlnet.gov/expapi/verbs/${verb}` },
  object: { id: 'https://x/course/a' },
  timestamp: '2025-01-02T03:04:05Z',
})

const context = (): ReferenceContext => ({
  people: createPersonMatcher([{ personId: 'p-ana', kind: 'email', value: 'ana@example.com' }]),
  accounts: createAccountMatcher([]),
  now: '2026-01-01T00:00:00.000Z',
  source: 'xapi',
})

describe('parseXapiFile', () => {
  it('splits an array into statements with their lines, even with brackets inside strings', () => {
    const text = `[\n  ${JSON.stringify({ ...statement('a'), note: 'a ] } [ {' })},\n  ${JSON.stringify(statement('b'))}\n]`
    const parsed = parseXapiFile(text, 'a.json')
    expect(parsed.shape).toBe('array')
    expect(parsed.items.map((i) => [i.row, i.line, i.error])).toEqual([
      [1, 2, null],
      [2, 3, null],
    ])
  })

  it('reads a statements-API response and reports `more`', () => {
    const text = JSON.stringify({
      statements: [statement('a'), statement('b')],
      more: '/xapi/statements?page=2',
    })
    const parsed = parseXapiFile(text, 'r.json')
    expect(parsed.shape).toBe('statements-response')
    expect(parsed.items).toHaveLength(2)
    expect(parsed.more).toBe('/xapi/statements?page=2')
  })

  it('reads JSON lines, and a broken line is an item with an error', () => {
    const text = `${JSON.stringify(statement('a'))}\n\n{"id": "b", broken\n${JSON.stringify(statement('c'))}\n`
    const parsed = parseXapiFile(text, 'l.jsonl')
    expect(parsed.shape).toBe('json-lines')
    expect(parsed.items.map((i) => [i.row, i.line, i.error === null])).toEqual([
      [1, 1, true],
      [2, 3, false],
      [3, 4, true],
    ])
  })

  it.each([
    ['', /empty/],
    ['{"foo": 1}', /not xAPI/],
    ['[1, 2]', /not xAPI/],
    ['hello', /not valid JSON/],
  ])('rejects %j with a one-line error', (text, message) => {
    expect(() => parseXapiFile(text, 'bad.json')).toThrow(message)
  })
})

describe('mapStatement', () => {
  it('matches a known learner by email and keeps any verb', () => {
    const row = mapStatement({ ...statement('ana', 'interacted') }, context(), 'x')
    expect(row.issues).toEqual([])
    expect(row.records[0]?.record).toMatchObject({
      personId: 'p-ana',
      verb: 'interacted',
      contentId: 'xapi:https://x/course/a',
    })
  })

  it('creates an unknown learner as a person with aliases', () => {
    const row = mapStatement(statement('zed'), context(), 'x')
    expect(row.records.map((r) => r.table)).toEqual([
      'learning_events',
      'content',
      'people',
      'person_aliases',
    ])
  })

  it('quarantines a statement without an identified actor or timestamp', () => {
    const row = mapStatement({ ...statement('a'), actor: { name: 'X' }, timestamp: 'soon' }, context(), 'x')
    expect(row.issues.map((i) => i.column)).toEqual(['actor', 'timestamp'])
  })

  it('turns a passed certification into a certification', () => {
    const s = {
      ...statement('ana', 'passed'),
      object: { id: 'https://x/c', definition: { name: { en: 'Product certification' } } },
    }
    expect(mapStatement(s, context(), 'x').records.some((r) => r.table === 'certifications')).toBe(true)
  })
})

describe('small conversions', () => {
  it.each([
    [{ score: { scaled: 0.85 } }, 85],
    [{ score: { raw: 7, max: 10 } }, 70],
    [{ score: { raw: 7, min: 5, max: 9 } }, 50],
    [{ score: { raw: 42 } }, 42],
    [{}, null],
  ])('score of %j is %s', (result, score) => expect(scoreOf(result)).toBe(score))

  it('names verbs by the last segment of the IRI', () => {
    expect(verbName({ id: 'http://adlnet.gov/expapi/verbs/completed' })).toBe('completed')
    expect(verbName({ id: 'http://example.com/xapi/verbs#sent-a-statement' })).toBe('sent_a_statement')
  })

  it('starts presentations B in February and J in October', () => {
    expect(new Date(presentationStart('2014B') ?? 0).toISOString()).toBe('2014-02-01T00:00:00.000Z')
    expect(new Date(presentationStart('2013J') ?? 0).toISOString()).toBe('2013-10-01T00:00:00.000Z')
    expect(presentationStart('13J')).toBeNull()
  })
})
