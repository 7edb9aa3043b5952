import { parse as parseYaml } from 'yaml'
import { RevlabError } from '@revlab/domain'
import { splitSentences } from './sentences.js'

export type GoldenPitchPoint = { key: string; text: string; keywords: string[] }
export type GoldenPitch = {
  name: string
  passCoverage: number
  threshold: number
  points: GoldenPitchPoint[]
}

export type PitchPointResult = {
  key: string
  text: string
  covered: boolean
  /** Share of the point's key terms found in the best passage, 0-1. */
  similarity: number
  passage: string | null
  turn: number | null
}
export type PitchCertification = {
  pitch: string
  coverage: number
  certified: boolean
  points: PitchPointResult[]
}

const STOP = new Set(
  'a an and are as at be but by can do for from has have i in is it its of on or our so that the their this to we with you your will us they them was were very more most just all'.split(
    ' ',
  ),
)

/** A crude stemmer: enough to match "integrates" with "integration" and "teams" with "team". */
const stem = (w: string): string => w.replace(/(?:ations?|ings?|ers?|ed|es|s|ly|ment|ments)$/, '').slice(0, 7)

const terms = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9%$]+/)
    .filter((w) => w.length > 1 && !STOP.has(w))
    .map(stem)

/** Read a golden pitch (JSON or YAML): { name, pass_coverage?, threshold?, points: [{ key?, text, keywords? }] }. */
export function parseGoldenPitch(text: string, file = 'pitch'): GoldenPitch {
  let raw: unknown
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text)
  } catch (e) {
    throw new RevlabError(
      'BAD_INPUT',
      `${file}: not JSON or YAML (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`,
    )
  }
  const obj = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {}
  const points = Array.isArray(obj.points) ? obj.points : []
  if (points.length === 0)
    throw new RevlabError('BAD_INPUT', `${file}: a golden pitch lists its key points`, {
      hint: 'points: [{ key, text, keywords? }]',
    })
  return {
    name: typeof obj.name === 'string' ? obj.name : file,
    passCoverage: typeof obj.pass_coverage === 'number' ? obj.pass_coverage : 0.8,
    threshold: typeof obj.threshold === 'number' ? obj.threshold : 0.5,
    points: points.map((p: unknown, i) => {
      const point = typeof p === 'string' ? { text: p } : ((p ?? {}) as Record<string, unknown>)
      const pointText = typeof point.text === 'string' ? point.text : ''
      if (pointText.length === 0) throw new RevlabError('BAD_INPUT', `${file}: point ${i + 1} has no text`)
      return {
        key: typeof point.key === 'string' ? point.key : `point_${i + 1}`,
        text: pointText,
        keywords: Array.isArray(point.keywords) ? point.keywords.map(String) : [],
      }
    }),
  }
}

/**
 * Certify a recorded pitch against a golden pitch. Each key point's terms
 * (its keywords when given, else its content words, stemmed) are looked for
 * in every passage of one or two consecutive sentences of the rep's turns;
 * the point is covered when the best passage holds at least `threshold` of
 * them. Coverage is the share of points covered; certified when it reaches
 * `passCoverage`.
 */
export function certifyPitch(
  turns: readonly { speaker: string; text: string }[],
  pitch: GoldenPitch,
  options: { speaker?: string } = {},
): PitchCertification {
  const passages: { text: string; turn: number; terms: Set<string> }[] = []
  turns.forEach((t, turn) => {
    if (options.speaker !== undefined && t.speaker !== options.speaker) return
    const sentences = splitSentences(t.text)
    sentences.forEach((s, i) => {
      passages.push({ text: s, turn, terms: new Set(terms(s)) })
      const next = sentences[i + 1]
      if (next !== undefined)
        passages.push({ text: `${s} ${next}`, turn, terms: new Set(terms(`${s} ${next}`)) })
    })
  })
  const points = pitch.points.map((point): PitchPointResult => {
    const wanted = [...new Set(point.keywords.length > 0 ? point.keywords.flatMap(terms) : terms(point.text))]
    let best: { similarity: number; passage: (typeof passages)[number] | null } = {
      similarity: 0,
      passage: null,
    }
    for (const passage of passages) {
      if (wanted.length === 0) break
      const hits = wanted.filter((w) => passage.terms.has(w)).length
      const similarity = hits / wanted.length
      // Prefer the shorter passage on ties: the single sentence over the pair.
      if (similarity > best.similarity) best = { similarity, passage }
    }
    const covered = best.similarity >= pitch.threshold
    return {
      key: point.key,
      text: point.text,
      covered,
      similarity: Math.round(best.similarity * 1000) / 1000,
      passage: best.passage?.text ?? null,
      turn: best.passage?.turn ?? null,
    }
  })
  const coverage =
    points.length === 0
      ? 0
      : Math.round((points.filter((p) => p.covered).length / points.length) * 1000) / 1000
  return { pitch: pitch.name, coverage, certified: coverage >= pitch.passCoverage, points }
}
