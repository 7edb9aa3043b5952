import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { analyzeCallFiles } from './calls.js'

const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../../importers/src/transcripts/fixtures/${name}`, import.meta.url))

describe('revlab calls analyze', () => {
  it('analyses a Zoom transcript with --internal, keeping the documented keys', () => {
    const [a] = analyzeCallFiles([fixture('zoom-discovery.vtt')], {
      internal: 'Maya Chen',
      methodology: 'discovery',
    })
    expect(Object.keys(a ?? {})).toEqual(
      expect.arrayContaining([
        'file',
        'format',
        'duration_s',
        'speakers',
        'talk_ratio',
        'interactivity',
        'questions',
        'evidence',
        'entities',
        'summary',
        'action_items',
      ]),
    )
    expect(a?.format).toBe('webvtt')
    expect(a?.duration_s).toBe(39)
    expect(a?.speakers.map((s) => [s.name, s.side, s.turns, s.words, s.questions, s.open_questions])).toEqual(
      [
        ['Maya Chen', 'internal', 4, 36, 2, 1],
        ['Dana Lee', 'external', 3, 52, 0, 0],
      ],
    )
    expect(a?.talk_ratio).toBeCloseTo(36 / 88, 4)
    expect(a?.interactivity).toBeCloseTo((6 / 88) * 100, 3)
    expect(new Set(a?.evidence.map((e) => e.kind))).toEqual(
      new Set(['pain', 'budget', 'timeline', 'competition', 'decision_criteria', 'next_step']),
    )
    expect(a?.entities).toEqual({
      money: ['$250k'],
      timeframes: ['Q3', 'by Friday'],
      organizations: ['Snowflake'],
      titles: ['CFO'],
    })
    expect(a?.action_items).toEqual([expect.objectContaining({ owner: 'Maya Chen', due: 'by Friday' })])
    expect(a?.scorecard?.items.find((i) => i.key === 'pain')?.met).toBe(true)
    expect(a?.scorecard?.items.find((i) => i.key === 'open_questions')?.met).toBe(false)
  })

  it('merges Gong files and takes sides from the parties', () => {
    const [a] = analyzeCallFiles([fixture('gong-extensive.json'), fixture('gong-transcript.json')], {
      methodology: 'meddpicc',
    })
    expect(a?.talk_ratio).toBeCloseTo(26 / 51, 4)
    expect(a?.speakers.map((s) => s.side)).toEqual(['internal', 'external'])
    expect(a?.speakers[0]?.speaking_s).toBeCloseTo(1.75 + 3.6 + 4.2, 3)
    expect(a?.scorecard?.items.find((i) => i.key === 'metrics')?.met).toBe(true)
  })

  it('fails with a clear error on a transcript without speakers', () => {
    expect(() => analyzeCallFiles([fixture('no-speakers.txt')], {})).toThrow(/no-speakers.txt: no speakers/)
  })
})
