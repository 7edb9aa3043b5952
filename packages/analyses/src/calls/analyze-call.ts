import { classifyQuestion, countWords, splitSentences } from './sentences.js'
import { createEntityMatcher, mergeEntities } from './entities.js'
import { EVIDENCE_PATTERNS, PAIN_PATTERN, PRICE_PATTERN, VALUE_PATTERN } from './patterns.js'
import { findActionItems, summarize, type ScoredSentence } from './summary.js'
import {
  EVIDENCE_KINDS,
  type CallAnalysis,
  type CallAnalysisOptions,
  type CallEntities,
  type CallEvidenceItem,
  type CallQuestion,
  type CallSpeakerStats,
  type EvidenceKind,
  type ParsedTranscript,
  type SpeakerSide,
} from './types.js'

type SpeakerAcc = {
  name: string
  side: SpeakerSide
  turns: number
  words: number
  intervals: [number, number][]
  timed: boolean
  questions: number
  openQuestions: number
  longestRun: number
}

/** Union length of intervals in ms (a speaker's overlapping segments count once). */
function unionMs(intervals: [number, number][]): number {
  if (intervals.length === 0) return 0
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  let total = 0
  let [start, end] = sorted[0] ?? [0, 0]
  for (const [s, e] of sorted) {
    if (s > end) {
      total += end - start
      start = s
      end = e
    } else if (e > end) end = e
  }
  return total + (end - start)
}

const round = (x: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(x * f) / f
}

/** Decide a speaker's side: the source's side, else the --internal list, else unknown. */
function sideResolver(
  transcript: ParsedTranscript,
  internal: readonly string[] | undefined,
): (name: string) => SpeakerSide {
  const fromSource = new Map(transcript.speakers.map((s) => [s.name, s.side]))
  const internalSet = new Set((internal ?? []).map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0))
  return (name) => {
    if (internalSet.size > 0) {
      const lower = name.toLowerCase()
      if (internalSet.has(lower)) return 'internal'
      const source = fromSource.get(name)
      if (source !== undefined && source !== 'unknown') return source
      // Everyone not named internal is external once the caller said who is internal.
      return 'external'
    }
    return fromSource.get(name) ?? 'unknown'
  }
}

/**
 * Analyse one call transcript: speaker statistics, questions, MEDDPICC and
 * deal evidence, entities, an extractive summary and action items. Pure and
 * deterministic; see README.md in this folder for every definition.
 */
export function analyzeCall(
  transcript: ParsedTranscript,
  options: CallAnalysisOptions & { file?: string } = {},
): CallAnalysis {
  const sideOf = sideResolver(transcript, options.internal)
  const matcher = createEntityMatcher({
    organizations: options.organizations,
    excludeNames: transcript.speakers.map((s) => s.name).concat(transcript.turns.map((t) => t.speaker)),
  })
  const speakers = new Map<string, SpeakerAcc>()
  for (const s of transcript.speakers)
    speakers.set(s.name, {
      name: s.name,
      side: sideOf(s.name),
      turns: 0,
      words: 0,
      intervals: [],
      timed: false,
      questions: 0,
      openQuestions: 0,
      longestRun: 0,
    })

  const questions: CallQuestion[] = []
  const evidence: CallEvidenceItem[] = []
  const sentences: ScoredSentence[] = []
  const entityParts: CallEntities[] = []
  let totalWords = 0
  let internalWords = 0
  let switches = 0
  let previous: string | null = null
  let runWords = 0
  let maxEndMs = 0
  let minStartMs = Infinity
  let anyTiming = false
  let metricQuestions = 0
  let metricOpen = 0
  let longestInternalRun = 0
  let painUncovered = false
  let firstValue = -1
  let firstPrice = -1

  transcript.turns.forEach((turn, turnIndex) => {
    let acc = speakers.get(turn.speaker)
    if (acc === undefined) {
      acc = {
        name: turn.speaker,
        side: sideOf(turn.speaker),
        turns: 0,
        words: 0,
        intervals: [],
        timed: false,
        questions: 0,
        openQuestions: 0,
        longestRun: 0,
      }
      speakers.set(turn.speaker, acc)
    }
    const words = countWords(turn.text)
    totalWords += words
    if (acc.side === 'internal') internalWords += words
    if (previous !== turn.speaker) {
      if (previous !== null) switches += 1
      acc.turns += 1
      runWords = words
    } else runWords += words
    previous = turn.speaker
    acc.words += words
    acc.longestRun = Math.max(acc.longestRun, runWords)
    if (acc.side === 'internal') longestInternalRun = Math.max(longestInternalRun, runWords)
    if (turn.startMs !== null) {
      anyTiming = true
      minStartMs = Math.min(minStartMs, turn.startMs)
      maxEndMs = Math.max(maxEndMs, turn.endMs ?? turn.startMs)
      if (turn.endMs !== null && turn.endMs >= turn.startMs) {
        acc.intervals.push([turn.startMs, turn.endMs])
        acc.timed = true
      }
    }
    if (!transcript.hasText || words === 0) return
    splitSentences(turn.text).forEach((text, sentenceIndex) => {
      const position = { turn: turnIndex, sentence: sentenceIndex, ms: turn.startMs }
      const question = classifyQuestion(text)
      if (question !== null) {
        acc.questions += 1
        if (question === 'open') acc.openQuestions += 1
        questions.push({ speaker: turn.speaker, text, open: question === 'open', position })
      }
      // Stored call_metrics count the demo's way: internal sentences that end in '?'.
      if (acc.side === 'internal' && text.endsWith('?')) {
        metricQuestions += 1
        if (question === 'open') metricOpen += 1
      }
      if (acc.side === 'external' && PAIN_PATTERN.test(text)) painUncovered = true
      if (acc.side === 'internal' && firstValue < 0 && VALUE_PATTERN.test(text)) firstValue = turnIndex
      if (firstPrice < 0 && PRICE_PATTERN.test(text)) firstPrice = turnIndex
      const kinds: EvidenceKind[] = []
      for (const kind of EVIDENCE_KINDS) {
        if (EVIDENCE_PATTERNS[kind].test(text)) {
          kinds.push(kind)
          evidence.push({ kind, text, speaker: turn.speaker, position })
        }
      }
      const entities = matcher.extract(text)
      entityParts.push(entities)
      sentences.push({
        speaker: turn.speaker,
        side: acc.side,
        text,
        words: countWords(text),
        position,
        kinds,
        entities,
        question,
      })
    })
  })

  const speakerStats: CallSpeakerStats[] = [...speakers.values()].map((s) => ({
    name: s.name,
    side: s.side,
    turns: s.turns,
    words: s.words,
    talk_share: totalWords === 0 ? null : round(s.words / totalWords, 4),
    speaking_s: s.timed ? round(unionMs(s.intervals) / 1000, 3) : null,
    questions: s.questions,
    open_questions: s.openQuestions,
    longest_monologue_words: s.longestRun,
  }))
  const sidesKnown =
    speakerStats.some((s) => s.side === 'internal') && speakerStats.some((s) => s.side !== 'internal')
  const durationMs =
    transcript.durationMs ??
    (!anyTiming ? null : transcript.format === 'text' ? maxEndMs - minStartMs : maxEndMs)
  const speakerList = speakerStats.map((s) => ({ name: s.name, side: s.side }))
  return {
    file: options.file ?? '',
    format: transcript.format,
    title: transcript.title,
    started_at: transcript.startedAt,
    duration_s: durationMs === null ? null : round(durationMs / 1000, 3),
    speakers: speakerStats,
    talk_ratio: sidesKnown && totalWords > 0 ? round(internalWords / totalWords, 4) : null,
    interactivity: totalWords === 0 ? 0 : round((switches / totalWords) * 100, 4),
    questions,
    evidence,
    entities: mergeEntities(entityParts),
    summary: summarize(sentences, options.summarySentences ?? 5),
    action_items: findActionItems(sentences, speakerList),
    metadata: transcript.metadata,
    notes: transcript.notes,
    metrics: {
      questions: metricQuestions,
      open_questions: metricOpen,
      longest_monologue_words: longestInternalRun,
      pain_uncovered: painUncovered,
      value_before_price: firstPrice < 0 ? null : firstValue >= 0 && firstValue < firstPrice,
    },
  }
}
