import type { Utterance } from '@revlab/domain'
import { describe, expect, it } from 'vitest'
import * as S from './call-sentences.js'
import {
  PAIN_PATTERN,
  PRICE_PATTERN,
  VALUE_PATTERN,
  isOpenQuestion,
  measureCall,
  splitSentences,
} from './measure-call.js'

const u = (seq: number, speaker: string, side: 'internal' | 'external', text: string): Utterance => ({
  callId: 'c1',
  seq,
  speaker,
  side,
  personId: null,
  contactId: null,
  startMs: null,
  endMs: null,
  text,
})

describe('call sentence templates mean what their names say', () => {
  it('has open questions that are open and closed ones that are not', () => {
    for (const q of S.OPEN_QUESTIONS) expect(isOpenQuestion(q), q).toBe(true)
    for (const q of S.CLOSED_QUESTIONS) {
      expect(q.endsWith('?'), q).toBe(true)
      expect(isOpenQuestion(q), q).toBe(false)
    }
  })

  it('keeps statements one sentence each, never a question', () => {
    const statements = [
      ...S.LEAD_INS,
      ...S.OPENINGS_INTERNAL,
      ...S.PAIN,
      ...S.ANSWERS,
      ...Object.values(S.TOPIC_LEADS),
      ...S.BUDGET,
      ...S.TIMELINE,
      ...S.COMPETITOR,
      ...S.SE_STATEMENTS,
      ...S.VALUE,
      ...S.PRICE_INTERNAL,
      ...S.NEXT_STEPS,
    ]
    for (const s of statements) {
      expect(s.endsWith('?'), s).toBe(false)
      expect(splitSentences(s), s).toHaveLength(1)
    }
  })

  it('names pain only in pain sentences, value only in value sentences, price only in price sentences', () => {
    const neutralExternal = [
      ...S.OPENINGS_EXTERNAL,
      ...S.ANSWERS,
      ...S.BUDGET,
      ...S.TIMELINE,
      ...S.COMPETITOR,
      ...S.METRICS,
      ...S.AGREEMENTS,
    ]
    for (const s of S.PAIN) expect(PAIN_PATTERN.test(s), s).toBe(true)
    for (const s of neutralExternal) expect(PAIN_PATTERN.test(s), s).toBe(false)
    const internal = [
      ...S.OPEN_QUESTIONS,
      ...S.CLOSED_QUESTIONS,
      ...S.LEAD_INS,
      ...S.OPENINGS_INTERNAL,
      ...Object.values(S.TOPIC_LEADS),
      ...S.SE_STATEMENTS,
      ...S.NEXT_STEPS,
    ]
    for (const s of S.VALUE) expect(VALUE_PATTERN.test(s), s).toBe(true)
    for (const s of [...internal, ...S.PRICE_INTERNAL]) expect(VALUE_PATTERN.test(s), s).toBe(false)
    for (const s of [...S.PRICE_INTERNAL, ...S.PRICE_EXTERNAL]) expect(PRICE_PATTERN.test(s), s).toBe(true)
    for (const s of [...internal, ...neutralExternal, ...S.VALUE, ...S.PAIN])
      expect(PRICE_PATTERN.test(s), s).toBe(false)
  })
})

describe('measureCall', () => {
  const transcript = [
    u(0, 'Lars', 'internal', 'Thanks for joining. What does your pipeline look like? Do you use Spark?'),
    u(1, 'Ana', 'external', 'It is painful to maintain.'),
    u(2, 'Lars', 'internal', 'How many teams use it?'),
    u(3, 'Lars', 'internal', 'Customers see payback in six months.'),
    u(4, 'Ana', 'external', 'What about pricing?'),
  ]
  const metrics = measureCall('c1', transcript)

  it.each([
    ['questions', 3],
    ['openQuestions', 2],
    ['longestMonologueWords', 13],
    ['painUncovered', true],
    ['valueBeforePrice', true],
  ] as const)('%s = %s', (key, expected) => {
    expect(metrics[key]).toBe(expected)
  })

  it('computes talk ratio and interactivity from words and speaker changes', () => {
    // internal words: 13 + 5 + 6 = 24 (the last two a run of 11); external: 5 + 3 = 8; switches: 3 over 32 words
    expect(metrics.talkRatio).toBeCloseTo(24 / 32, 10)
    expect(metrics.interactivity).toBeCloseTo((3 / 32) * 100, 10)
  })

  it('says null for value-before-price when price never came up, and handles an empty call', () => {
    expect(measureCall('c2', transcript.slice(0, 4)).valueBeforePrice).toBeNull()
    expect(measureCall('c3', [])).toMatchObject({ talkRatio: null, questions: 0, interactivity: 0 })
  })
})
