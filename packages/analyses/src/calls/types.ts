/** Which side of the deal a speaker is on. */
export type SpeakerSide = 'internal' | 'external' | 'unknown'

export const TRANSCRIPT_FORMATS = ['gong', 'webvtt', 'srt', 'text', 'rttm'] as const
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number]

/** One speaker turn as a source wrote it. RTTM turns carry timings and no text. */
export type TranscriptTurn = {
  speaker: string
  startMs: number | null
  endMs: number | null
  text: string
}

export type TranscriptSpeaker = {
  name: string
  side: SpeakerSide
  email: string | null
  /** The speaker's title where the source gave one (Gong parties). */
  title: string | null
}

/**
 * A call transcript parsed from any format: the pure common shape between the
 * parsers (packages/importers/src/transcripts) and the call analysis.
 */
export type ParsedTranscript = {
  format: TranscriptFormat
  /** The source's id for the call (Gong call id, RTTM recording id), else null. */
  sourceId: string | null
  title: string | null
  /** ISO instant where the source said when the call started. */
  startedAt: string | null
  /** The call's duration in ms where the source said it (Gong), else null (derived from timings). */
  durationMs: number | null
  /** Header fields (`Date:`, `Participants:`, Gong metadata) kept as call metadata. */
  metadata: Record<string, string>
  speakers: TranscriptSpeaker[]
  turns: TranscriptTurn[]
  /** Notes, summaries and other text that is not speech (sections after the conversation). */
  notes: string[]
  /** False for speaker-turn files without words (RTTM). */
  hasText: boolean
}

export const EVIDENCE_KINDS = [
  'metrics',
  'economic_buyer',
  'decision_criteria',
  'decision_process',
  'paper_process',
  'pain',
  'champion',
  'competition',
  'budget',
  'timeline',
  'next_step',
] as const
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number]

export type CallSpeakerStats = {
  name: string
  side: SpeakerSide
  turns: number
  words: number
  /** Share of all words, 0-1 (null when nobody said a word). */
  talk_share: number | null
  /** Seconds of speech from the source's timings, else null. */
  speaking_s: number | null
  questions: number
  open_questions: number
  longest_monologue_words: number
}

/** Where a sentence sits in the call: turn index, sentence index within it, ms offset when timed. */
export type CallPosition = { turn: number; sentence: number; ms: number | null }

export type CallQuestion = { speaker: string; text: string; open: boolean; position: CallPosition }

export type CallEvidenceItem = {
  kind: EvidenceKind
  text: string
  speaker: string
  position: CallPosition
}

export type CallEntities = {
  money: string[]
  timeframes: string[]
  organizations: string[]
  titles: string[]
}

export type ActionItem = {
  text: string
  /** Who will do it: the speaker for "I will", "we" → the speaker's side, a named person when said. */
  owner: string
  /** The timeframe named in the sentence, else null. */
  due: string | null
  position: CallPosition
}

/** The per-call JSON of `revlab calls analyze` (docs/cli.md). */
export type CallAnalysis = {
  file: string
  format: TranscriptFormat
  title: string | null
  started_at: string | null
  duration_s: number | null
  speakers: CallSpeakerStats[]
  talk_ratio: number | null
  interactivity: number
  questions: CallQuestion[]
  evidence: CallEvidenceItem[]
  entities: CallEntities
  summary: string[]
  action_items: ActionItem[]
  metadata: Record<string, string>
  notes: string[]
  /** Metrics of the stored call_metrics table, computed by the same definitions. */
  metrics: {
    questions: number
    open_questions: number
    longest_monologue_words: number
    pain_uncovered: boolean
    value_before_price: boolean | null
  }
}

export type CallAnalysisOptions = {
  /** Speaker names on the selling side (case-insensitive), where the source does not say. */
  internal?: readonly string[]
  /** Extra organization and product names to recognise, added to the built-in dictionary. */
  organizations?: readonly string[]
  /** Sentences in the summary (default 5). */
  summarySentences?: number
}
