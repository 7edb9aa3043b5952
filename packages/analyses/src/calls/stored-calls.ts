import type { CallEvidence, CallMetrics, DealSignal, Utterance } from '@revlab/domain'
import { analyzeCall } from './analyze-call.js'
import { toCallEvidence, toCallMetrics, toDealSignals } from './to-call-records.js'
import {
  TRANSCRIPT_FORMATS,
  type CallAnalysis,
  type CallAnalysisOptions,
  type ParsedTranscript,
  type TranscriptFormat,
} from './types.js'

export type StoredCallInput = {
  call: {
    id: string
    dealId: string | null
    title: string
    startedAt: string
    durationS: number | null
    source: string
    metadata: string
  }
  utterances: readonly Utterance[]
}

/** A stored call's utterances as a transcript (sides as stored). */
export function transcriptFromUtterances(input: StoredCallInput): ParsedTranscript {
  const { call, utterances } = input
  const speakers = new Map<string, ParsedTranscript['speakers'][number]>()
  for (const u of utterances)
    if (!speakers.has(u.speaker))
      speakers.set(u.speaker, { name: u.speaker, side: u.side, email: null, title: null })
  let metadata: Record<string, string> = {}
  try {
    const parsed = JSON.parse(call.metadata) as unknown
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      metadata = Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      )
  } catch {
    metadata = {}
  }
  const format: TranscriptFormat = (TRANSCRIPT_FORMATS as readonly string[]).includes(call.source)
    ? (call.source as TranscriptFormat)
    : 'text'
  return {
    format,
    sourceId: call.id,
    title: call.title,
    startedAt: call.startedAt,
    durationMs: call.durationS === null ? null : call.durationS * 1000,
    metadata,
    speakers: [...speakers.values()],
    turns: utterances.map((u) => ({ speaker: u.speaker, startMs: u.startMs, endMs: u.endMs, text: u.text })),
    notes: [],
    hasText: utterances.some((u) => u.text.length > 0),
  }
}

export type StoredCallResult = {
  analysis: CallAnalysis
  metrics: CallMetrics
  evidence: CallEvidence[]
  signals: DealSignal[]
}

/** Analyse a stored call and turn the result into the records the store keeps. */
export function analyzeStoredCall(
  input: StoredCallInput,
  options: CallAnalysisOptions = {},
): StoredCallResult {
  const analysis = analyzeCall(transcriptFromUtterances(input), { ...options, file: input.call.id })
  return {
    analysis,
    metrics: toCallMetrics(input.call.id, analysis),
    evidence: toCallEvidence(input.call.id, analysis),
    signals: toDealSignals(input.call, analysis),
  }
}
