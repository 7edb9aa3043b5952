import { parse as parseYaml } from 'yaml'
import { RevlabError } from '@revlab/domain'
import { EVIDENCE_KINDS, type CallAnalysis, type EvidenceKind, type SpeakerSide } from './types.js'
import { splitSentences } from './sentences.js'

export const SCORECARD_METRICS = [
  'talk_ratio',
  'open_questions',
  'questions',
  'longest_monologue_words',
  'interactivity',
] as const
export type ScorecardMetric = (typeof SCORECARD_METRICS)[number]

/** How an item is detected: evidence kinds, sentence patterns, or a metric threshold (any that hits). */
export type MethodologyDetect = {
  evidence?: EvidenceKind[]
  patterns?: string[]
  /** Whose sentences count for evidence and patterns (default any). */
  side?: SpeakerSide | 'any'
  metric?: { name: ScorecardMetric; min?: number; max?: number }
}

export type MethodologyItem = {
  key: string
  label: string
  weight: number
  description: string
  detect: MethodologyDetect
}
export type Methodology = { name: string; description: string; passScore: number; items: MethodologyItem[] }

export type ScorecardItemResult = {
  key: string
  label: string
  weight: number
  met: boolean
  /** The quotes that met it, or the metric value. */
  evidence: { speaker: string; text: string; turn: number }[]
  value: number | null
}
export type Scorecard = {
  methodology: string
  score: number
  passed: boolean
  items: ScorecardItemResult[]
}

const fail = (file: string, message: string): never => {
  throw new RevlabError('BAD_INPUT', `${file}: ${message}`, {
    hint: 'a methodology lists items: [{ key, label, weight?, detect: { evidence?, patterns?, side?, metric? } }]',
  })
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Read a methodology from JSON or YAML text and check it. */
export function parseMethodology(text: string, file = 'methodology'): Methodology {
  let raw: unknown
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)
  } catch (e) {
    return fail(file, `not JSON or YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`)
  }
  if (!isRecord(raw)) return fail(file, 'expected an object with name and items')
  const name = typeof raw.name === 'string' ? raw.name : file
  if (!Array.isArray(raw.items) || raw.items.length === 0) return fail(file, 'no items')
  const items = raw.items.map((item: unknown, i): MethodologyItem => {
    if (!isRecord(item) || typeof item.key !== 'string') return fail(file, `item ${i + 1} has no key`)
    const detect = isRecord(item.detect) ? item.detect : {}
    const evidence = Array.isArray(detect.evidence) ? detect.evidence.map(String) : undefined
    for (const kind of evidence ?? [])
      if (!(EVIDENCE_KINDS as readonly string[]).includes(kind))
        fail(file, `item ${item.key}: unknown evidence kind "${kind}" (known: ${EVIDENCE_KINDS.join(', ')})`)
    const patterns = Array.isArray(detect.patterns) ? detect.patterns.map(String) : undefined
    for (const p of patterns ?? []) {
      try {
        new RegExp(p, 'i')
      } catch {
        fail(file, `item ${item.key}: bad pattern ${JSON.stringify(p)}`)
      }
    }
    let metric: MethodologyDetect['metric']
    if (isRecord(detect.metric)) {
      const m = detect.metric
      if (typeof m.name !== 'string' || !(SCORECARD_METRICS as readonly string[]).includes(m.name))
        return fail(file, `item ${item.key}: metric name must be one of ${SCORECARD_METRICS.join(', ')}`)
      metric = {
        name: m.name as ScorecardMetric,
        ...(typeof m.min === 'number' ? { min: m.min } : {}),
        ...(typeof m.max === 'number' ? { max: m.max } : {}),
      }
    }
    const side = detect.side === 'internal' || detect.side === 'external' ? detect.side : 'any'
    if (evidence === undefined && patterns === undefined && metric === undefined)
      fail(file, `item ${item.key}: detect needs evidence, patterns or metric`)
    return {
      key: item.key,
      label: typeof item.label === 'string' ? item.label : item.key,
      weight: typeof item.weight === 'number' && item.weight > 0 ? item.weight : 1,
      description: typeof item.description === 'string' ? item.description : '',
      detect: {
        ...(evidence ? { evidence: evidence as EvidenceKind[] } : {}),
        ...(patterns ? { patterns } : {}),
        side,
        ...(metric ? { metric } : {}),
      },
    }
  })
  const passScore = typeof raw.pass_score === 'number' ? raw.pass_score : 0.7
  return { name, description: typeof raw.description === 'string' ? raw.description : '', passScore, items }
}

const metricValue = (analysis: CallAnalysis, name: ScorecardMetric): number | null => {
  switch (name) {
    case 'talk_ratio':
      return analysis.talk_ratio
    case 'open_questions':
      return analysis.metrics.open_questions
    case 'questions':
      return analysis.metrics.questions
    case 'longest_monologue_words':
      return analysis.metrics.longest_monologue_words
    case 'interactivity':
      return analysis.interactivity
  }
}

/**
 * Score a call against a methodology: an item is met when any of its detectors
 * hits (evidence of a listed kind, a sentence matching a pattern, a metric
 * within bounds); the score is the met weight over the total weight.
 * `turns` (speaker, side, text) is needed for pattern items.
 */
export function scoreCall(
  analysis: CallAnalysis,
  methodology: Methodology,
  turns: readonly { speaker: string; text: string }[] = [],
): Scorecard {
  const sideOf = new Map(analysis.speakers.map((s) => [s.name, s.side]))
  const sideOk = (speaker: string, side: MethodologyDetect['side']): boolean =>
    side === undefined || side === 'any' || sideOf.get(speaker) === side
  const items = methodology.items.map((item): ScorecardItemResult => {
    const { detect } = item
    const found: ScorecardItemResult['evidence'] = []
    if (detect.evidence !== undefined) {
      const kinds = new Set(detect.evidence)
      for (const e of analysis.evidence)
        if (kinds.has(e.kind) && sideOk(e.speaker, detect.side))
          found.push({ speaker: e.speaker, text: e.text, turn: e.position.turn })
    }
    if (detect.patterns !== undefined && detect.patterns.length > 0) {
      const regexes = detect.patterns.map((p) => new RegExp(p, 'i'))
      turns.forEach((t, turn) => {
        if (!sideOk(t.speaker, detect.side)) return
        for (const sentence of splitSentences(t.text))
          if (regexes.some((r) => r.test(sentence))) found.push({ speaker: t.speaker, text: sentence, turn })
      })
    }
    let value: number | null = null
    let metricMet = false
    if (detect.metric !== undefined) {
      value = metricValue(analysis, detect.metric.name)
      metricMet =
        value !== null &&
        (detect.metric.min === undefined || value >= detect.metric.min) &&
        (detect.metric.max === undefined || value <= detect.metric.max)
    }
    const unique = found.filter(
      (f, i) => found.findIndex((g) => g.turn === f.turn && g.text === f.text) === i,
    )
    return {
      key: item.key,
      label: item.label,
      weight: item.weight,
      met: metricMet || unique.length > 0,
      evidence: unique.slice(0, 5),
      value,
    }
  })
  const total = items.reduce((s, i) => s + i.weight, 0)
  const met = items.reduce((s, i) => s + (i.met ? i.weight : 0), 0)
  const score = total === 0 ? 0 : Math.round((met / total) * 1000) / 1000
  return { methodology: methodology.name, score, passed: score >= methodology.passScore, items }
}
