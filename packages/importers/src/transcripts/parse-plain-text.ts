import type { ParsedTranscript, TranscriptTurn } from '@revlab/analyses'
import { isPlausibleName, splitSpeakerLabel } from './speaker-label.js'
import { assertText, parseClockMs, stripBom, transcriptError } from './transcript-error.js'

const TS = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`
/** `[00:01:02] Name: text`, `(00:01) Name: text`, `00:01:02 - Name: text`. */
const LEADING_TS = new RegExp(String.raw`^[\[(]?(${TS})[\])]?\s*(?:[-–|]\s*)?(.*)$`)
/** `Name [00:01:02]: text`, `Name (00:01): text`, `Name 00:01:02: text`. */
const TRAILING_TS = new RegExp(String.raw`^([^\[(:]{1,48}?)\s*[\[(]?(${TS})[\])]?\s*:\s*(.*)$`)
/** Otter-style `Name  0:03` alone on a line, the words on the lines below. */
const NAME_THEN_TS = new RegExp(String.raw`^\**([^:\[\]()]{1,48}?)\**\s+[\[(]?(${TS})[\])]?$`)
/** Zoom text export: `[Name] 10:02:03` then the words. */
const BRACKET_NAME_TS = new RegExp(String.raw`^\[([^\]]{1,48})\]\s+[\[(]?(${TS})[\])]?$`)
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const BOLD_HEADING = /^\s*(?:\*\*|__)([^*_:]{1,60})(?:\*\*|__)\s*$/
const RULE = /^\s*(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$/
const LIST_ITEM = /^\s*(?:[-*•+]|\d+[.)])\s+(.*)$/

/** Header fields: a label used once, before the conversation, for one of these is metadata, not a speaker. */
const HEADER_KEYS = new Set([
  'date',
  'time',
  'when',
  'day',
  'title',
  'subject',
  'topic',
  'meeting',
  'call',
  'call title',
  'meeting title',
  'participants',
  'attendees',
  'speakers',
  'present',
  'people',
  'host',
  'organizer',
  'organiser',
  'duration',
  'length',
  'location',
  'platform',
  'recording',
  'recorded',
  'recording link',
  'link',
  'url',
  'company',
  'account',
  'customer',
  'prospect',
  'opportunity',
  'deal',
  'stage',
  'owner',
  'rep',
  'agenda',
  'purpose',
  'objective',
  'call type',
  'type',
  'source',
  'meeting id',
  'call id',
  'language',
  'created',
  'created at',
  'started',
  'start',
  'end',
  'internal',
  'external',
  'cc',
])
const LIST_KEYS = new Set([
  'participants',
  'attendees',
  'speakers',
  'present',
  'people',
  'internal',
  'external',
])

/** Headings that start a section of notes rather than speech. */
const NOTES_HEADING =
  /^(?:summary|meeting summary|call summary|executive summary|notes|meeting notes|call notes|my notes|action items?|next steps?|key takeaways|takeaways|key points|highlights|recap|follow[- ]?ups?|decisions|outline|chapters|keywords|topics|overview|questions asked|open questions|tasks|to-?dos?|ai summary|ai notes)\b/i
const TRANSCRIPT_HEADING =
  /^(?:transcript|conversation|call transcript|full transcript|meeting transcript|recording)\b/i

type Line =
  | { kind: 'blank' }
  | { kind: 'heading'; text: string }
  | { kind: 'rule' }
  | { kind: 'labelled'; label: string; text: string; ms: number | null; lineNo: number; list: boolean }
  | { kind: 'text'; text: string; ms: number | null; list: boolean }

const FIELD_VALUE =
  /^(?:[\d\s/:.,-]+(?:am|pm|utc|gmt)?|[^.?!]{0,80}[,;][^.?!]*|\S+@\S+|https?:\/\/\S+|[^.?!]{0,40})$/i

function classify(raw: string, lineNo: number): Line {
  const line = raw.replace(/\s+$/, '')
  if (line.trim().length === 0) return { kind: 'blank' }
  if (RULE.test(line)) return { kind: 'rule' }
  const h = HEADING.exec(line)
  if (h !== null) return { kind: 'heading', text: (h[2] ?? '').replace(/[*_]/g, '').trim() }
  const bold = BOLD_HEADING.exec(line)
  if (bold !== null) return { kind: 'heading', text: (bold[1] ?? '').trim() }
  const trimmed = line.trim()
  const list = LIST_ITEM.exec(trimmed)
  const body = list?.[1] ?? trimmed

  let m = BRACKET_NAME_TS.exec(body) ?? NAME_THEN_TS.exec(body)
  if (m !== null && m[1] !== undefined && isPlausibleName(m[1]) && !/^\d/.test(m[1]))
    return {
      kind: 'labelled',
      label: m[1].trim(),
      text: '',
      ms: parseClockMs(m[2] ?? ''),
      lineNo,
      list: list !== null,
    }
  let ms: number | null = null
  let rest = body
  m = LEADING_TS.exec(body)
  if (m !== null && parseClockMs(m[1] ?? '') !== null) {
    ms = parseClockMs(m[1] ?? '')
    rest = (m[2] ?? '').trim()
  } else {
    m = TRAILING_TS.exec(body)
    if (m !== null && m[1] !== undefined && isPlausibleName(m[1]) && parseClockMs(m[2] ?? '') !== null)
      return {
        kind: 'labelled',
        label: m[1].replace(/^\*+|\*+$/g, '').trim(),
        text: (m[3] ?? '').trim(),
        ms: parseClockMs(m[2] ?? ''),
        lineNo,
        list: list !== null,
      }
  }
  const labelled = splitSpeakerLabel(rest)
  if (labelled !== null)
    return { kind: 'labelled', label: labelled.label, text: labelled.text, ms, lineNo, list: list !== null }
  return { kind: 'text', text: rest, ms, list: list !== null }
}

type Section = { heading: string | null; lines: Line[] }

/**
 * Plain-text transcripts with speaker labels in the common shapes (see
 * README.md of the call analysis): `Name: text`, `[Name] text`,
 * `**Name:** text`, `[hh:mm:ss] Name: text`, `Name (00:01): text`, Otter's
 * `Name  0:03` over its words, lines without a label continuing the previous
 * speaker. A header block (labels used once for a field, `Participants:` with
 * its list, a title heading) becomes metadata; sections headed Summary,
 * Notes, Action items, … and label-free sections after the conversation are
 * notes, not speech.
 */
export function parsePlainText(input: string, file = 'transcript.txt'): ParsedTranscript {
  const text = stripBom(input)
  assertText(text, file)
  const lines = text.split(/\r?\n/).map((l, i) => classify(l, i + 1))

  const sections: Section[] = [{ heading: null, lines: [] }]
  for (const line of lines) {
    if (line.kind === 'heading') sections.push({ heading: line.text, lines: [] })
    else if (line.kind === 'rule') sections.push({ heading: null, lines: [] })
    else if (
      line.kind === 'labelled' &&
      line.text === '' &&
      line.ms === null &&
      NOTES_HEADING.test(line.label)
    )
      sections.push({ heading: line.label, lines: [] })
    else sections[sections.length - 1]?.lines.push(line)
  }
  const isNotes = (s: Section): boolean =>
    s.heading !== null && NOTES_HEADING.test(s.heading) && !TRANSCRIPT_HEADING.test(s.heading)

  const counts = new Map<string, number>()
  for (const s of sections) {
    if (isNotes(s)) continue
    for (const l of s.lines) if (l.kind === 'labelled') counts.set(l.label, (counts.get(l.label) ?? 0) + 1)
  }
  const isHeaderKey = (label: string): boolean => HEADER_KEYS.has(label.toLowerCase().replace(/\s+/g, ' '))
  const repeated = (label: string): boolean => (counts.get(label) ?? 0) >= 2 && !isHeaderKey(label)

  const metadata: Record<string, string> = {}
  const notes: string[] = []
  const turns: TranscriptTurn[] = []
  let title: string | null = null
  let started = false
  let listKey: string | null = null

  for (const section of sections) {
    const hasSpeech = section.lines.some((l) => l.kind === 'labelled' && repeated(l.label))
    if (isNotes(section) || (started && !hasSpeech && section.lines.some((l) => l.kind !== 'blank'))) {
      const body = section.lines.flatMap((l) =>
        l.kind === 'labelled' ? [`${l.label}: ${l.text}`] : l.kind === 'text' ? [l.text] : [],
      )
      if (section.heading !== null || body.length > 0)
        notes.push([section.heading, ...body].filter((x) => x !== null).join('\n'))
      continue
    }
    if (section.heading !== null && !started && title === null && !TRANSCRIPT_HEADING.test(section.heading))
      title = section.heading
    for (const line of section.lines) {
      if (line.kind === 'blank' || line.kind === 'heading' || line.kind === 'rule') {
        if (line.kind === 'blank' && !started) listKey = null
        continue
      }
      if (line.kind === 'labelled') {
        const speaker = repeated(line.label)
        if (!started && listKey !== null && line.list) {
          metadata[listKey] =
            `${metadata[listKey] ?? ''}${metadata[listKey] ? '; ' : ''}${line.label}: ${line.text}`
          continue
        }
        if (!speaker && !started && (isHeaderKey(line.label) || FIELD_VALUE.test(line.text))) {
          const key = line.label.toLowerCase()
          metadata[key] = line.text
          listKey = LIST_KEYS.has(key) ? key : null
          continue
        }
        if (
          !speaker &&
          started &&
          isHeaderKey(line.label) &&
          FIELD_VALUE.test(line.text) &&
          line.text !== ''
        ) {
          metadata[line.label.toLowerCase()] = line.text
          continue
        }
        started = true
        listKey = null
        turns.push({ speaker: line.label, startMs: line.ms, endMs: null, text: line.text })
        continue
      }
      // An unlabelled line: a header list item, header prose, or the previous speaker going on.
      if (!started) {
        if (listKey !== null)
          metadata[listKey] = `${metadata[listKey] ?? ''}${metadata[listKey] ? '; ' : ''}${line.text}`
        else metadata.header = `${metadata.header ?? ''}${metadata.header ? '\n' : ''}${line.text}`
        continue
      }
      // Tool trailers ("Transcribed by https://otter.ai") are not speech.
      if (/^(?:transcribed|generated|exported|powered) (?:by|with|from)\b/i.test(line.text)) {
        notes.push(line.text)
        continue
      }
      const last = turns[turns.length - 1]
      if (last !== undefined) last.text = last.text === '' ? line.text : `${last.text} ${line.text}`
    }
  }
  const spoken = turns.filter((t) => t.text.length > 0)
  if (spoken.length === 0)
    throw transcriptError(
      file,
      'no speakers: found no lines labelled with a speaker',
      'label each turn with its speaker ("Name: text", "[Name] text", "**Name:** text" or "[00:01:02] Name: text")',
    )
  const names = [...new Set(spoken.map((t) => t.speaker))]
  return {
    format: 'text',
    sourceId: null,
    title:
      title ??
      metadata.title ??
      metadata.subject ??
      metadata.meeting ??
      metadata.header?.split('\n')[0] ??
      null,
    startedAt: null,
    durationMs: null,
    metadata,
    speakers: names.map((name) => ({ name, side: 'unknown', email: null, title: null })),
    turns: spoken,
    notes,
    hasText: true,
  }
}
