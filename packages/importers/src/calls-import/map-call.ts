/**
 * One parsed call as the records the store keeps: the call (keyed by its
 * source id, so importing it again changes nothing) and its utterances, with
 * every speaker matched to a person or a contact and given a side.
 */
import type { ParsedTranscript, SpeakerSide } from '@revlab/analyses'
import type { Call, Utterance } from '@revlab/domain'
import { createHash } from 'node:crypto'
import type { ContactMatcher, PersonMatcher } from '../framework/directory.js'

export type CallMatchers = { people: PersonMatcher; contacts?: ContactMatcher }

export type MapCallOptions = {
  /** The file's name, the hash of its content and its modification time (the date of last resort). */
  file: string
  contentHash: string
  modifiedAt: string
  /** Which call of the file (several for Gong and RTTM), from 0, and how many it holds. */
  index: number
  count: number
  /** Speaker names on the selling side where the source does not say (case-insensitive). */
  internal: readonly string[]
  dealId: string | null
}

export type MappedCall = { call: Call; utterances: Utterance[] }

const hash = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24)

/** The call id: the Gong call id, else the hash of the file's content (and the call's place in it). */
export function callIdOf(
  t: ParsedTranscript,
  o: Pick<MapCallOptions, 'contentHash' | 'index' | 'count'>,
): string {
  if (t.format === 'gong' && t.sourceId) return `call:gong:${t.sourceId}`
  const part = o.count > 1 ? `:${t.sourceId ?? o.index + 1}` : ''
  return `call:${o.contentHash}${part}`
}

const headerDate = (metadata: Record<string, string>): string | null => {
  for (const [k, v] of Object.entries(metadata)) {
    if (!/^(date|call date|meeting date|started|start time)$/i.test(k.trim())) continue
    const ms = Date.parse(v)
    if (Number.isFinite(ms)) return new Date(ms).toISOString()
  }
  return null
}

type SpeakerMatch = {
  side: SpeakerSide
  personId: string | null
  contactId: string | null
  accountId: string | null
}

function matchSpeaker(
  speaker: { name: string; side: SpeakerSide; email: string | null },
  matchers: CallMatchers,
  internal: ReadonlySet<string>,
): SpeakerMatch {
  const query = { email: speaker.email, name: speaker.name }
  // The source's side decides which directory to look in; without one, a person wins over a contact.
  const personId = speaker.side === 'external' ? undefined : matchers.people.find(query)
  const contact =
    personId === undefined && speaker.side !== 'internal' ? matchers.contacts?.find(query) : undefined
  const side: SpeakerSide =
    speaker.side !== 'unknown'
      ? speaker.side
      : personId !== undefined
        ? 'internal'
        : contact !== undefined
          ? 'external'
          : internal.size > 0
            ? // As in `revlab calls analyze`: once the caller names the selling side, everyone else is the buyer.
              internal.has(speaker.name.trim().toLowerCase())
              ? 'internal'
              : 'external'
            : 'unknown'
  return {
    side,
    personId: personId ?? null,
    contactId: contact?.id ?? null,
    accountId: contact?.accountId ?? null,
  }
}

export function mapCall(t: ParsedTranscript, matchers: CallMatchers, o: MapCallOptions): MappedCall {
  const callId = callIdOf(t, o)
  const internal = new Set(o.internal.map((n) => n.trim().toLowerCase()).filter((n) => n.length > 0))
  const declared = new Map(t.speakers.map((s) => [s.name, s]))
  const matches = new Map<string, SpeakerMatch>()
  const words = new Map<string, number>()
  const utterances: Utterance[] = t.turns.map((turn, seq) => {
    let m = matches.get(turn.speaker)
    if (!m) {
      const s = declared.get(turn.speaker)
      m = matchSpeaker(
        { name: turn.speaker, side: s?.side ?? 'unknown', email: s?.email ?? null },
        matchers,
        internal,
      )
      matches.set(turn.speaker, m)
    }
    words.set(turn.speaker, (words.get(turn.speaker) ?? 0) + turn.text.split(/\s+/).filter(Boolean).length)
    return {
      callId,
      seq,
      speaker: turn.speaker,
      side: m.side,
      personId: m.personId,
      contactId: m.contactId,
      startMs: turn.startMs,
      endMs: turn.endMs,
      text: turn.text,
    }
  })
  const byWords = [...matches.entries()].sort((a, b) => (words.get(b[0]) ?? 0) - (words.get(a[0]) ?? 0))
  const owner = byWords.find(([, m]) => m.side === 'internal' && m.personId !== null)?.[1].personId ?? null
  const accountId = byWords.find(([, m]) => m.accountId !== null)?.[1].accountId ?? null
  const lastEndMs = Math.max(0, ...t.turns.map((x) => x.endMs ?? 0))
  const durationMs = t.durationMs ?? (lastEndMs > 0 ? lastEndMs : null)
  const stem = o.file.replace(/\.[^.]+$/, '')
  const call: Call = {
    id: callId,
    dealId: o.dealId,
    accountId,
    ownerId: owner,
    title:
      t.title ??
      t.metadata.Title ??
      t.metadata.title ??
      (o.count > 1 ? `${stem} ${t.sourceId ?? o.index + 1}` : stem),
    startedAt: t.startedAt ?? headerDate(t.metadata) ?? o.modifiedAt,
    durationS: durationMs === null ? null : Math.round(durationMs / 1000),
    source: t.format,
    // The utterances' hash makes the call row change whenever what is stored under it would.
    metadata: JSON.stringify({
      ...t.metadata,
      file: o.file,
      ...(t.notes.length > 0 ? { notes: t.notes.join('\n\n') } : {}),
      utterances_hash: hash(JSON.stringify(utterances)),
    }),
  }
  return { call, utterances }
}
