/** Words that end a `Label:` candidate as speech rather than a name ("Note that: …" is not a speaker). */
const NOT_A_NAME =
  /^(?:https?|ftp|mailto|note that|so|and|but|because|also|then|well|yes|no|okay|ok|example|e\.g|i\.e|re|fw|fwd|tip|warning|important|update|question|answer|q|a)$/i

/** Whether a label looks like a speaker's name: short, starts with a letter, no sentence punctuation. */
export function isPlausibleName(label: string): boolean {
  const name = label.trim()
  if (name.length === 0 || name.length > 48) return false
  if (!/^[\p{L}]/u.test(name)) return false
  if (/[?!;"“”{}<>=|\\]/.test(name)) return false
  if (name.split(/\s+/).length > 6) return false
  return !NOT_A_NAME.test(name)
}

export type LabelledLine = { label: string; text: string }

/**
 * A speaker label at the start of a line: `Name: text`, `**Name:** text`,
 * `**Name**: text`, `[Name] text`, `>> Name: text`, `- Name: text`, `<v Name>text`.
 */
export function splitSpeakerLabel(line: string): LabelledLine | null {
  let m = /^(?:>>\s*|-\s+)?\*\*([^*]{1,60}?):?\*\*:?\s*(.*)$/.exec(line)
  if (m !== null && m[1] !== undefined && isPlausibleName(m[1]))
    return { label: m[1].trim(), text: (m[2] ?? '').trim() }
  m = /^\[([^\]\d][^\]]{0,59})\]:?\s*(.*)$/.exec(line)
  if (m !== null && m[1] !== undefined && isPlausibleName(m[1]))
    return { label: m[1].trim(), text: (m[2] ?? '').trim() }
  m = /^(?:>>\s*|-\s+)?([^:]{1,60}?)\s*:(?:\s+(.*)|$)/.exec(line)
  if (m !== null && m[1] !== undefined && isPlausibleName(m[1].replace(/^\*+|\*+$/g, '')))
    return { label: m[1].replace(/^\*+|\*+$/g, '').trim(), text: (m[2] ?? '').trim() }
  return null
}
