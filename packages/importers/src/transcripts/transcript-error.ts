import { RevlabError } from '@revlab/domain'

/** A transcript that cannot be read: one line naming the file and the problem. */
export const transcriptError = (file: string, message: string, hint?: string): RevlabError =>
  new RevlabError('BAD_INPUT', `${file}: ${message}`, hint === undefined ? {} : { hint })

/** Text that is not text: NUL bytes, many control characters or undecodable bytes. */
export function assertText(text: string, file: string): void {
  if (text.trim().length === 0) throw transcriptError(file, 'empty file', 'export the transcript again')
  const sample = text.length > 65_536 ? text.slice(0, 65_536) : text
  let bad = 0
  for (let i = 0; i < sample.length; i += 1) {
    const c = sample.charCodeAt(i)
    if (c === 0)
      throw transcriptError(
        file,
        'binary data, not a transcript (NUL bytes)',
        'give a .json, .vtt, .srt, .txt, .md or .rttm transcript',
      )
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0xfffd || (c >= 0x7f && c < 0xa0))
      bad += 1
  }
  if (bad > Math.max(8, sample.length * 0.02))
    throw transcriptError(
      file,
      'binary data or an unknown encoding, not a transcript',
      'save the transcript as UTF-8 text',
    )
}

/** Milliseconds of a clock or offset: `hh:mm:ss.mmm`, `hh:mm:ss,mmm`, `mm:ss`, `h:mm:ss`. */
export function parseClockMs(value: string): number | null {
  const m = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/.exec(value.trim())
  if (m === null) return null
  const hours = Number(m[1] ?? 0)
  const minutes = Number(m[2])
  const seconds = Number(m[3])
  if (minutes >= 60 || seconds >= 60) return null
  const fraction = m[4] === undefined ? 0 : Number(m[4].padEnd(3, '0'))
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction
}

export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
