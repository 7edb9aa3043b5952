import type { ParsedTranscript, SpeakerSide, TranscriptSpeaker, TranscriptTurn } from '@revlab/analyses'
import { transcriptError } from './transcript-error.js'

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null
const num = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v)
    ? v
    : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
      ? Number(v)
      : null

type GongCall = {
  id: string
  meta: Json | null
  parties: Json[]
  transcript: Json[] | null
}

/** Whether a parsed JSON document is one of Gong's call API responses (or our combined bundle). */
export function isGongDocument(doc: unknown): boolean {
  if (!isObject(doc)) return false
  if (Array.isArray(doc.callTranscripts)) return true
  if (Array.isArray(doc.calls))
    return doc.calls.every((c) => isObject(c) && (isObject(c.metaData) || 'id' in c))
  return isObject(doc.metaData) || (typeof doc.callId === 'string' && Array.isArray(doc.transcript))
}

const sideOf = (affiliation: unknown): SpeakerSide =>
  affiliation === 'Internal' ? 'internal' : affiliation === 'External' ? 'external' : 'unknown'

const toIso = (value: unknown): string | null => {
  const s = str(value)
  if (s === null) return null
  const ms = Date.parse(s)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/**
 * Gong API responses into transcripts, merged by call id across documents:
 * `GET /v2/calls` (`calls[]` with id, title, started, duration),
 * `POST /v2/calls/extensive` (`calls[].metaData` and `parties[]` with
 * speakerId, name, emailAddress, title and affiliation Internal/External),
 * `POST /v2/calls/transcript` (`callTranscripts[].transcript[]` with a
 * speakerId and sentences of start/end ms offsets and text). A call with no
 * transcript is skipped (it has no speech); none at all is an error.
 */
export function parseGong(docs: readonly { file: string; doc: unknown }[]): ParsedTranscript[] {
  const calls = new Map<string, GongCall>()
  const get = (id: string): GongCall => {
    let call = calls.get(id)
    if (call === undefined) {
      call = { id, meta: null, parties: [], transcript: null }
      calls.set(id, call)
    }
    return call
  }
  const files: string[] = []
  for (const { file, doc } of docs) {
    files.push(file)
    if (!isGongDocument(doc) || !isObject(doc))
      throw transcriptError(
        file,
        'JSON that is not a Gong calls, calls/extensive or calls/transcript response',
      )
    const list = Array.isArray(doc.calls) ? doc.calls : isObject(doc.metaData) ? [doc] : []
    for (const item of list) {
      if (!isObject(item)) continue
      const meta = isObject(item.metaData) ? item.metaData : item
      const id = str(meta.id)
      if (id === null) continue
      const call = get(id)
      call.meta = { ...(call.meta ?? {}), ...meta }
      if (Array.isArray(item.parties)) call.parties = item.parties.filter(isObject)
    }
    const transcripts = Array.isArray(doc.callTranscripts)
      ? doc.callTranscripts
      : typeof doc.callId === 'string'
        ? [doc]
        : []
    for (const t of transcripts) {
      if (!isObject(t)) continue
      const id = str(t.callId)
      if (id === null || !Array.isArray(t.transcript)) continue
      get(id).transcript = t.transcript.filter(isObject)
    }
  }
  const out: ParsedTranscript[] = []
  for (const call of calls.values()) {
    if (call.transcript === null) continue
    const bySpeakerId = new Map<string, TranscriptSpeaker>()
    for (const p of call.parties) {
      const speakerId = str(p.speakerId)
      const name = str(p.name) ?? str(p.emailAddress)
      if (speakerId === null || name === null) continue
      bySpeakerId.set(speakerId, {
        name,
        side: sideOf(p.affiliation),
        email: str(p.emailAddress),
        title: str(p.title),
      })
    }
    const turns: TranscriptTurn[] = []
    const speakers = new Map<string, TranscriptSpeaker>()
    for (const monologue of call.transcript) {
      const speakerId = str(monologue.speakerId) ?? 'unknown'
      const speaker = bySpeakerId.get(speakerId) ?? {
        name: `Speaker ${speakerId}`,
        side: 'unknown' as const,
        email: null,
        title: null,
      }
      speakers.set(speaker.name, speaker)
      const sentences = Array.isArray(monologue.sentences) ? monologue.sentences.filter(isObject) : []
      for (const s of sentences) {
        const text = str(s.text)?.trim() ?? ''
        if (text.length === 0) continue
        const start = num(s.start)
        const end = num(s.end)
        turns.push({ speaker: speaker.name, startMs: start, endMs: end ?? start, text })
      }
    }
    if (turns.length === 0) continue
    const meta = call.meta ?? {}
    const duration = num(meta.duration)
    const metadata: Record<string, string> = { gong_call_id: call.id }
    for (const key of [
      'url',
      'scope',
      'system',
      'direction',
      'media',
      'language',
      'purpose',
      'scheduled',
      'primaryUserId',
      'workspaceId',
      'meetingUrl',
    ])
      if (str(meta[key]) !== null) metadata[key] = str(meta[key]) ?? ''
    const topics = [
      ...new Set(call.transcript.map((m) => str(m.topic)).filter((t): t is string => t !== null)),
    ]
    if (topics.length > 0) metadata.topics = topics.join('; ')
    out.push({
      format: 'gong',
      sourceId: call.id,
      title: str(meta.title),
      startedAt: toIso(meta.started) ?? toIso(meta.scheduled),
      durationMs: duration === null ? null : duration * 1000,
      metadata,
      speakers: [...speakers.values()],
      turns,
      notes: [],
      hasText: true,
    })
  }
  if (out.length === 0)
    throw transcriptError(
      files.join(', '),
      'no speakers: no Gong call here has a transcript',
      'include the calls/transcript response (callTranscripts) with the calls or calls/extensive response',
    )
  return out
}
