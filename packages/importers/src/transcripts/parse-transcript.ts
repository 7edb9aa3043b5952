import type { ParsedTranscript, TranscriptFormat } from '@revlab/analyses'
import { isGongDocument, parseGong } from './parse-gong.js'
import { parseCues } from './parse-cues.js'
import { parsePlainText } from './parse-plain-text.js'
import { parseRttm } from './parse-rttm.js'
import { assertText, stripBom, transcriptError } from './transcript-error.js'

export type TranscriptFile = { name: string; text: string }

const SRT_TIMING = /^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{1,3}\s*-->/m

/** Which transcript format a file's text is in, from its content first and its name second. */
export function detectTranscriptFormat(file: TranscriptFile): TranscriptFormat {
  const text = stripBom(file.text)
  const head = text.slice(0, 4096).trimStart()
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase()
  if (head.startsWith('WEBVTT')) return 'webvtt'
  if (head.startsWith('{') || (head.startsWith('[') && ext === 'json')) return 'gong'
  if (/^(?:SPEAKER|SPKR-INFO)\s+\S+\s+\d+\s/m.test(head.split(/\r?\n/).slice(0, 5).join('\n'))) return 'rttm'
  if (SRT_TIMING.test(head)) return 'srt'
  switch (ext) {
    case 'vtt':
      return 'webvtt'
    case 'srt':
      return 'srt'
    case 'rttm':
      return 'rttm'
    case 'json':
      return 'gong'
    default:
      return 'text'
  }
}

/** Parse one transcript file (any format); Gong and RTTM files may hold several calls. */
export function parseTranscript(
  file: TranscriptFile,
  format: TranscriptFormat = detectTranscriptFormat(file),
): ParsedTranscript[] {
  switch (format) {
    case 'gong':
      return parseGong([{ file: file.name, doc: parseJson(file) }])
    case 'webvtt':
    case 'srt':
      return [parseCues(file.text, file.name, format)]
    case 'rttm':
      return parseRttm(file.text, file.name)
    case 'text':
      return [parsePlainText(file.text, file.name)]
  }
}

function parseJson(file: TranscriptFile): unknown {
  const text = stripBom(file.text)
  assertText(text, file.name)
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw transcriptError(file.name, `not valid JSON (${e instanceof Error ? e.message : String(e)})`)
  }
}

export type ParsedTranscriptFile = { file: string; transcripts: ParsedTranscript[] }

/**
 * Parse several files; Gong API responses given together (calls/extensive +
 * calls/transcript) are merged by call id, so their speakers get names and
 * sides. Each Gong call is attributed to the file that held its transcript.
 */
export function parseTranscriptFiles(files: readonly TranscriptFile[]): ParsedTranscriptFile[] {
  const out: ParsedTranscriptFile[] = []
  const gong: { file: string; doc: unknown }[] = []
  for (const file of files) {
    const format = detectTranscriptFormat(file)
    if (format === 'gong') {
      const doc = parseJson(file)
      if (!isGongDocument(doc))
        throw transcriptError(
          file.name,
          'JSON that is not a Gong calls, calls/extensive or calls/transcript response',
        )
      gong.push({ file: file.name, doc })
    } else out.push({ file: file.name, transcripts: parseTranscript(file, format) })
  }
  if (gong.length > 0) {
    const calls = parseGong(gong)
    const transcriptFile = new Map<string, string>()
    for (const { file, doc } of gong) {
      const list = (doc as { callTranscripts?: unknown }).callTranscripts
      if (Array.isArray(list))
        for (const t of list) {
          const id = (t as { callId?: unknown } | null)?.callId
          if (typeof id === 'string') transcriptFile.set(id, file)
        }
    }
    const fileOf = (id: string | null): string => transcriptFile.get(id ?? '') ?? gong[0]?.file ?? ''
    const byFile = new Map<string, ParsedTranscript[]>()
    for (const call of calls) {
      const f = fileOf(call.sourceId)
      byFile.set(f, [...(byFile.get(f) ?? []), call])
    }
    for (const [file, transcripts] of byFile) out.push({ file, transcripts })
  }
  return out
}
