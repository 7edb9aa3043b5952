import type { ParsedTranscript, TranscriptTurn } from '@revlab/analyses'
import { splitSpeakerLabel } from './speaker-label.js'
import { assertText, parseClockMs, stripBom, transcriptError } from './transcript-error.js'

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})(?:\s.*)?$/

const decodeEntities = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')

const stripTags = (s: string): string =>
  decodeEntities(s.replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()

type Cue = { startMs: number; endMs: number; lines: string[] }

function readCues(text: string, file: string, vtt: boolean): Cue[] {
  const cues: Cue[] = []
  const blocks = text.split(/\r?\n(?:[ \t]*\r?\n)+/)
  blocks.forEach((block, b) => {
    let lines = block.split(/\r?\n/)
    if (vtt && b === 0 && /^WEBVTT/.test(lines[0] ?? '')) {
      // The header block may run straight into the first cue when there is no blank line.
      const timingAt = lines.findIndex((l) => TIMING.test(l))
      if (timingAt < 0) return
      lines = lines.slice(timingAt)
    }
    const first = lines[0]?.trim() ?? ''
    if (vtt && /^(?:NOTE|STYLE|REGION)\b/.test(first)) return
    const at = lines.findIndex((l) => TIMING.test(l))
    if (at < 0 || at > 1) {
      if (block.trim().length > 0 && !vtt && !/^\d+$/.test(first))
        throw transcriptError(
          file,
          `cue ${b + 1} has no timing line`,
          'expected "00:00:01,000 --> 00:00:04,000"',
        )
      return
    }
    const m = TIMING.exec(lines[at] ?? '')
    const startMs = parseClockMs(m?.[1] ?? '')
    const endMs = parseClockMs(m?.[2] ?? '')
    if (startMs === null || endMs === null)
      throw transcriptError(file, `cue ${b + 1}: bad timing "${lines[at] ?? ''}"`)
    cues.push({ startMs, endMs: Math.max(startMs, endMs), lines: lines.slice(at + 1) })
  })
  return cues
}

/**
 * WebVTT (Zoom: `Name: text` lines; Teams: `<v Name>text</v>` voice tags) and
 * SRT cues into speaker turns. A cue without a label continues the previous
 * speaker; a cue with several voices becomes several turns sharing its timing.
 */
export function parseCues(input: string, file: string, format: 'webvtt' | 'srt'): ParsedTranscript {
  const text = stripBom(input)
  assertText(text, file)
  const vtt = format === 'webvtt'
  if (vtt && !/^WEBVTT(?:[ \t].*)?(?:\r?\n|$)/.test(text))
    throw transcriptError(file, 'not WebVTT: the first line must be WEBVTT')
  const cues = readCues(text, file, vtt)
  if (cues.length === 0) throw transcriptError(file, `no cues in this ${vtt ? 'WebVTT' : 'SRT'} file`)
  const turns: TranscriptTurn[] = []
  let current: string | null = null
  for (const cue of cues) {
    const parts: { speaker: string | null; text: string }[] = []
    for (const raw of cue.lines) {
      // Voice tags: one line may hold several <v Name>…</v> spans.
      const voices = [...raw.matchAll(/<v(?:\.[\w.-]+)?\s+([^>]+)>([\s\S]*?)(?:<\/v>|$)/g)]
      if (voices.length > 0) {
        for (const v of voices) parts.push({ speaker: (v[1] ?? '').trim(), text: stripTags(v[2] ?? '') })
        continue
      }
      const plain = stripTags(raw)
      if (plain.length === 0) continue
      const label = splitSpeakerLabel(plain)
      if (label !== null) parts.push({ speaker: label.label, text: label.text })
      else parts.push({ speaker: null, text: plain })
    }
    for (const part of parts) {
      const speaker: string | null = part.speaker ?? current
      if (speaker === null) {
        turns.push({ speaker: '', startMs: cue.startMs, endMs: cue.endMs, text: part.text })
        continue
      }
      current = speaker
      const last = turns[turns.length - 1]
      // Continuation lines inside one cue join the same turn.
      if (
        last !== undefined &&
        last.speaker === speaker &&
        last.startMs === cue.startMs &&
        last.endMs === cue.endMs
      )
        last.text = `${last.text} ${part.text}`.trim()
      else turns.push({ speaker, startMs: cue.startMs, endMs: cue.endMs, text: part.text })
    }
  }
  const named = turns.filter((t) => t.speaker !== '')
  if (named.length === 0)
    throw transcriptError(
      file,
      'no speakers: the cues carry no speaker labels',
      'export the transcript with speaker names (Zoom, Teams and most recorders have an option)',
    )
  // Cues before the first label belong to nobody we know: keep them as an unknown speaker.
  for (const t of turns) if (t.speaker === '') t.speaker = 'Unknown speaker'
  const speakers = [...new Set(turns.map((t) => t.speaker))]
  return {
    format,
    sourceId: null,
    title: null,
    startedAt: null,
    durationMs: null,
    metadata: {},
    speakers: speakers.map((name) => ({ name, side: 'unknown', email: null, title: null })),
    turns: turns.filter((t) => t.text.length > 0),
    notes: [],
    hasText: true,
  }
}
