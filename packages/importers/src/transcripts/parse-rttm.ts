import type { ParsedTranscript, TranscriptTurn } from '@revlab/analyses'
import { assertText, stripBom, transcriptError } from './transcript-error.js'

/**
 * RTTM speaker-turn files as diarization tools write them (NIST RT):
 * `SPEAKER <file> <channel> <start_s> <dur_s> <NA> <NA> <speaker> <NA> <NA>`.
 * Other record types (SPKR-INFO, LEXEME, …) and comments are skipped. One
 * transcript per recording id, turns sorted by start; no words.
 */
export function parseRttm(input: string, file = 'transcript.rttm'): ParsedTranscript[] {
  const text = stripBom(input)
  assertText(text, file)
  const byRecording = new Map<string, TranscriptTurn[]>()
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    const trimmed = line.trim()
    if (trimmed.length === 0 || trimmed.startsWith('#') || trimmed.startsWith(';;')) return
    const f = trimmed.split(/\s+/)
    if (f[0] !== 'SPEAKER') return
    const start = Number(f[3])
    const duration = Number(f[4])
    const speaker = f[7]
    if (
      f.length < 8 ||
      !Number.isFinite(start) ||
      !Number.isFinite(duration) ||
      start < 0 ||
      duration < 0 ||
      speaker === undefined
    )
      throw transcriptError(
        file,
        `line ${i + 1}: not an RTTM SPEAKER record`,
        'expected SPEAKER <file> <chan> <start_s> <dur_s> <NA> <NA> <speaker> <NA> <NA>',
      )
    const recording = f[1] ?? ''
    const startMs = Math.round(start * 1000)
    const turn: TranscriptTurn = { speaker, startMs, endMs: startMs + Math.round(duration * 1000), text: '' }
    const list = byRecording.get(recording)
    if (list === undefined) byRecording.set(recording, [turn])
    else list.push(turn)
  })
  if (byRecording.size === 0) throw transcriptError(file, 'no speakers: no SPEAKER records in this RTTM file')
  return [...byRecording.entries()].map(([recording, turns]) => {
    turns.sort((a, b) => (a.startMs ?? 0) - (b.startMs ?? 0))
    const names = [...new Set(turns.map((t) => t.speaker))]
    return {
      format: 'rttm',
      sourceId: recording,
      title: recording,
      startedAt: null,
      durationMs: null,
      metadata: { recording },
      speakers: names.map((name) => ({ name, side: 'unknown', email: null, title: null })),
      turns,
      notes: [],
      hasText: false,
    }
  })
}
