import { describe, expect, it } from 'vitest'
import { analyzeCall } from './analyze-call.js'
import { createEntityMatcher } from './entities.js'
import { BUILTIN_METHODOLOGIES } from './methodologies.js'
import { certifyPitch, parseGoldenPitch } from './pitch.js'
import { analyzeRepBehavior, periodOf } from './rep-behavior.js'
import { parseMethodology, scoreCall } from './scorecard.js'
import { classifyQuestion, splitSentences } from './sentences.js'
import type { ParsedTranscript } from './types.js'

const transcript = (
  turns: [string, string][],
  sides: Record<string, 'internal' | 'external'> = {},
): ParsedTranscript => ({
  format: 'text',
  sourceId: null,
  title: null,
  startedAt: null,
  durationMs: null,
  metadata: {},
  speakers: [...new Set(turns.map(([s]) => s))].map((name) => ({
    name,
    side: sides[name] ?? 'unknown',
    email: null,
    title: null,
  })),
  turns: turns.map(([speaker, text]) => ({ speaker, text, startMs: null, endMs: null })),
  notes: [],
  hasText: true,
})

describe('questions', () => {
  it.each([
    ['What does your pipeline look like?', 'open'],
    ['So, how do you measure success?', 'open'],
    ['Could you walk me through the approval steps?', 'open'],
    ['Walk me through the approval steps', 'open'],
    ['Do you have a budget?', 'closed'],
    ['do you have a budget', 'closed'],
    ['Can we get your security team on the next call?', 'closed'],
    ['What we need is speed.', null],
    ['We need this by Q3.', null],
  ] as const)('%s → %s', (sentence, kind) => {
    expect(classifyQuestion(sentence)).toBe(kind)
  })

  it('does not split sentences after abbreviations', () => {
    expect(splitSentences('Mr. Smith joined. Is that right? Yes!')).toEqual([
      'Mr. Smith joined.',
      'Is that right?',
      'Yes!',
    ])
  })
})

describe('entities', () => {
  const m = createEntityMatcher({ organizations: ['Acme Analytics'] })
  it.each([
    ['We have $12M and $500k set aside.', 'money', ['$12M', '$500k']],
    ['About 2 million dollars this year.', 'money', ['2 million dollars']],
    ['A proof in 30-45 days, then 3-4 weeks of rollout.', 'timeframes', ['30-45 days', '3-4 weeks']],
    [
      'In the next 90 days, live by January, review in Q1.',
      'timeframes',
      ['the next 90 days', 'by January', 'Q1'],
    ],
    [
      'The CFO and the VP of Engineering met our head of finance.',
      'titles',
      ['CFO', 'VP of Engineering', 'head of finance'],
    ],
    [
      'We moved from Salesforce to HubSpot and use Acme Analytics.',
      'organizations',
      ['Acme Analytics', 'Salesforce', 'HubSpot'],
    ],
    [
      'We are evaluating Initech Systems and talked to Globex last week.',
      'organizations',
      ['Initech Systems', 'Globex'],
    ],
  ] as const)('%s', (sentence, key, expected) => {
    expect(m.extract(sentence)[key]).toEqual(expect.arrayContaining([...expected]))
  })
})

describe('analyzeCall', () => {
  const call = transcript(
    [
      ['Ana', 'Thanks for joining. What is slowing the team down today?'],
      ['Bo', 'Our reports are too slow and it is painful. The CFO signs off on anything over $100k.'],
      ['Ana', 'Our ROI model shows payback in six months. Pricing is per seat.'],
      ['Ana', 'I will send the proposal by Friday.'],
      ['Bo', 'Sounds good.'],
    ],
    { Ana: 'internal', Bo: 'external' },
  )
  const a = analyzeCall(call)
  it('measures speakers, turns, monologues and talk ratio', () => {
    expect(a.speakers.map((s) => [s.name, s.turns, s.words, s.longest_monologue_words])).toEqual([
      ['Ana', 2, 29, 19],
      ['Bo', 2, 19, 17],
    ])
    expect(a.talk_ratio).toBeCloseTo(29 / 48, 4)
    expect(a.interactivity).toBeCloseTo((3 / 48) * 100, 4)
    expect(a.metrics).toEqual({
      questions: 1,
      open_questions: 1,
      longest_monologue_words: 19,
      pain_uncovered: true,
      // As the demo defines it, by turn: value and price in the same turn is not "value before price".
      value_before_price: false,
    })
  })
  it('finds evidence, action items and a summary', () => {
    expect(a.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['pain', 'economic_buyer', 'metrics', 'next_step']),
    )
    expect(a.action_items).toEqual([
      expect.objectContaining({
        owner: 'Ana',
        due: 'by Friday',
        text: 'I will send the proposal by Friday.',
      }),
    ])
    expect(a.summary.length).toBeGreaterThan(0)
    expect(a.summary.length).toBeLessThanOrEqual(5)
    expect(a.summary[0]).toMatch(/^(Ana|Bo): /)
  })
  it('leaves the talk ratio null when sides are unknown, and applies --internal', () => {
    const unknown = transcript([
      ['A', 'Hello there.'],
      ['B', 'Hi.'],
    ])
    expect(analyzeCall(unknown).talk_ratio).toBeNull()
    expect(analyzeCall(unknown, { internal: ['a'] }).talk_ratio).toBeCloseTo(2 / 3, 4)
  })
})

describe('scorecards and pitch certification', () => {
  it('scores MEDDPICC and discovery with evidence per item', () => {
    const a = analyzeCall(
      transcript(
        [
          ['Ana', 'How do you decide? What matters most? Why now? How does the approval process work?'],
          [
            'Bo',
            'The biggest problem is manual work. The CFO signs off. Budget is $200k and we need it live by the end of Q2.',
          ],
          ['Ana', 'Let us book thirty minutes next week.'],
        ],
        { Ana: 'internal', Bo: 'external' },
      ),
    )
    const discovery = scoreCall(a, BUILTIN_METHODOLOGIES.discovery)
    expect(Object.fromEntries(discovery.items.map((i) => [i.key, i.met]))).toMatchObject({
      open_questions: true,
      pain: true,
      budget: true,
      timeline: true,
      next_step: true,
    })
    expect(discovery.items.find((i) => i.key === 'pain')?.evidence[0]?.text).toBe(
      'The biggest problem is manual work.',
    )
    const meddpicc = scoreCall(a, BUILTIN_METHODOLOGIES.meddpicc)
    expect(meddpicc.items.find((i) => i.key === 'economic_buyer')?.met).toBe(true)
    expect(meddpicc.score).toBeGreaterThan(0)
    expect(meddpicc.score).toBeLessThan(1)
  })
  it('reads YAML and JSON methodologies and rejects bad ones clearly', () => {
    const m = parseMethodology('name: X\nitems:\n  - key: roi\n    detect: { patterns: ["\\\\broi\\\\b"] }\n')
    const a = analyzeCall(transcript([['A', 'The ROI is clear.']]))
    expect(scoreCall(a, m, [{ speaker: 'A', text: 'The ROI is clear.' }]).score).toBe(1)
    expect(parseMethodology('{"name":"J","items":[{"key":"b","detect":{"evidence":["budget"]}}]}').name).toBe(
      'J',
    )
    expect(() =>
      parseMethodology('name: X\nitems:\n  - key: a\n    detect: { evidence: [vibes] }\n', 'm.yaml'),
    ).toThrow(/m.yaml: item a: unknown evidence kind "vibes"/)
    expect(() => parseMethodology('items: []', 'e.yaml')).toThrow(/e.yaml: no items/)
  })
  it('certifies a pitch point by point with the matching passage', () => {
    const golden = parseGoldenPitch(`name: Platform pitch
points:
  - key: separation
    text: Storage and compute are separated so each team scales on its own.
  - key: security
    text: Row-level security maps onto your identity provider roles.
  - key: payback
    text: Customers see payback in under six months.
`)
    const result = certifyPitch(
      [
        {
          speaker: 'Rep',
          text: 'Our engine separates storage and compute, so every team scales on its own. Customers typically see payback within six months.',
        },
      ],
      golden,
    )
    expect(result.points.map((p) => [p.key, p.covered])).toEqual([
      ['separation', true],
      ['security', false],
      ['payback', true],
    ])
    expect(result.points[2]?.passage).toContain('payback')
    expect(result.coverage).toBeCloseTo(2 / 3, 3)
    expect(result.certified).toBe(false)
  })
})

describe('rep behaviour', () => {
  it('groups by ISO week and month per rep and team', () => {
    expect(periodOf('2026-03-04T10:00:00Z', 'week')).toBe('2026-03-02')
    expect(periodOf('2026-03-04T10:00:00Z', 'month')).toBe('2026-03')
    const c = (ownerId: string, startedAt: string, openQuestions: number, talkRatio: number | null) => ({
      callId: `${ownerId}${startedAt}`,
      ownerId,
      ownerName: ownerId.toUpperCase(),
      team: 't',
      startedAt,
      talkRatio,
      openQuestions,
      questions: openQuestions + 1,
    })
    const r = analyzeRepBehavior([
      c('a', '2026-03-02T10:00:00Z', 2, 0.5),
      c('a', '2026-03-20T10:00:00Z', 4, null),
      c('b', '2026-04-01T10:00:00Z', 1, 0.7),
    ])
    expect(r.team.points).toEqual([
      { period: '2026-03', calls: 2, talkRatio: 0.5, openQuestionsPerCall: 3, questionsPerCall: 4 },
      { period: '2026-04', calls: 1, talkRatio: 0.7, openQuestionsPerCall: 1, questionsPerCall: 2 },
    ])
    expect(r.reps.map((s) => s.name)).toEqual(['A', 'B'])
    expect(analyzeRepBehavior([]).status).toBe('insufficient-data')
  })
})
