import type { CallEvidence, CallMetrics, DealSignal } from '@revlab/domain'
import type { CallAnalysis } from './types.js'

/** The stored call_metrics row of an analysed call. */
export function toCallMetrics(callId: string, analysis: CallAnalysis): CallMetrics {
  return {
    callId,
    talkRatio: analysis.talk_ratio,
    questions: analysis.metrics.questions,
    openQuestions: analysis.metrics.open_questions,
    longestMonologueWords: analysis.metrics.longest_monologue_words,
    interactivity: analysis.interactivity,
    painUncovered: analysis.metrics.pain_uncovered,
    valueBeforePrice: analysis.metrics.value_before_price,
  }
}

/** The stored call_evidence rows of an analysed call (ids are stable: call id + kind + turn + sentence). */
export function toCallEvidence(callId: string, analysis: CallAnalysis): CallEvidence[] {
  return analysis.evidence.map((e) => ({
    id: `${callId}:${e.kind}:${e.position.turn}:${e.position.sentence}`,
    callId,
    kind: e.kind,
    quote: e.text,
    speaker: e.speaker,
    positionMs: e.position.ms,
  }))
}

/** Signal keys that call evidence sets on the call's deal (signal key `call_<kind>`). */
export const callSignalKey = (kind: string): string => `call_${kind}`

/**
 * Deal signals from a call's evidence: one per kind, value 'true', observed
 * at the call's start (the date it became known), source 'call', the first
 * quote as evidence. External evidence is preferred as the quote (the buyer said it).
 */
export function toDealSignals(
  call: { id: string; dealId: string | null; startedAt: string },
  analysis: CallAnalysis,
): DealSignal[] {
  if (call.dealId === null) return []
  const sideOf = new Map(analysis.speakers.map((s) => [s.name, s.side]))
  const byKind = new Map<string, CallAnalysis['evidence'][number]>()
  for (const e of analysis.evidence) {
    const current = byKind.get(e.kind)
    if (
      current === undefined ||
      (sideOf.get(current.speaker) !== 'external' && sideOf.get(e.speaker) === 'external')
    )
      byKind.set(e.kind, e)
  }
  return [...byKind.values()].map((e) => ({
    id: `${call.id}:signal:${e.kind}`,
    dealId: call.dealId ?? '',
    signalKey: callSignalKey(e.kind),
    value: 'true',
    observedAt: call.startedAt,
    source: 'call',
    evidence: `${e.speaker}: ${e.text}`,
    strength: null,
    recordedBy: null,
  }))
}
