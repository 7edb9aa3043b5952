/**
 * Sentences, words and questions, by the definitions the demo company's
 * stored call metrics use (packages/demo-data/src/measure-call.ts), extended
 * for real transcripts: abbreviations do not end a sentence, questions
 * without a '?' count when their form says so, and a polite lead ("Could you
 * walk me through…") does not make an open question closed.
 */

/** Sentence starts that make a question open-ended (the demo's list first, then more). */
export const OPEN_QUESTION_STARTERS = [
  'what',
  'how',
  'why',
  'walk me through',
  'tell me',
  'describe',
  'help me understand',
  'talk me through',
  'explain',
  'take me through',
  'share more',
  'in what way',
  'to what extent',
] as const

const OPEN_START = new RegExp(`^(?:${OPEN_QUESTION_STARTERS.join('|')})\\b`, 'i')
const POLITE_LEAD =
  /^(?:so,?\s+|and,?\s+|okay,?\s+|ok,?\s+)?(?:could|can|would|will)\s+you\s+(?:please\s+)?(?=(?:walk me through|tell me|describe|help me understand|talk me through|explain|take me through|share more)\b)/i
const CONNECTOR = /^(?:so|and|but|okay|ok|right|well|now|great|alright|then),?\s+/i

/** Wh-questions and yes/no questions by form, for transcripts without punctuation. */
const WH_FORM =
  /^(?:what|how|why|when|where|who|which)\s+(?:is|are|was|were|do|does|did|would|will|can|could|should|has|have|had|kind|sort|type|many|much|long|often|else|about|happens|happened|made|makes|gets|would)\b/i
const YES_NO_FORM =
  /^(?:do|does|did|are|is|was|were|can|could|would|will|have|has|should|shall)\s+(?:you|we|they|i|it|there|your|the|this|that|anyone|someone|he|she)\b/i
const IMPERATIVE_OPEN =
  /^(?:walk me through|tell me about|tell me more|describe|help me understand|talk me through)\b/i

const ABBREVIATIONS =
  /(?:\b(?:mr|mrs|ms|dr|prof|sr|jr|st|vs|etc|inc|corp|ltd|co|approx|dept|e\.g|i\.e|no|fig|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.)$/i

/** Split a turn's text into sentences at ., ? and ! followed by space (not after a known abbreviation). */
export function splitSentences(text: string): string[] {
  const parts = text.split(/(?<=[.?!…])\s+/)
  const sentences: string[] = []
  let pending = ''
  for (const raw of parts) {
    const part = raw.trim()
    if (part.length === 0) continue
    pending = pending.length === 0 ? part : `${pending} ${part}`
    if (!ABBREVIATIONS.test(pending)) {
      sentences.push(pending)
      pending = ''
    }
  }
  if (pending.length > 0) sentences.push(pending)
  return sentences
}

/** Whitespace-separated tokens, as the demo counts words. */
export function countWords(text: string): number {
  let count = 0
  let inWord = false
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i)
    const space = c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 160
    if (space) inWord = false
    else if (!inWord) {
      inWord = true
      count += 1
    }
  }
  return count
}

const stripLead = (sentence: string): string => {
  let s = sentence.trim().replace(/^["'“‘(]+/, '')
  for (let i = 0; i < 3 && CONNECTOR.test(s); i += 1) s = s.replace(CONNECTOR, '')
  return s.replace(POLITE_LEAD, '')
}

export type QuestionKind = 'open' | 'closed' | null

/**
 * Whether a sentence is a question and which kind: it ends in '?' or is a
 * question by form (wh-word + verb, auxiliary + subject, "walk me through…");
 * open when it starts (after a connector or polite lead) with an open starter.
 */
export function classifyQuestion(sentence: string): QuestionKind {
  const trimmed = sentence.trim()
  const s = stripLead(trimmed)
  const marked = /\?["'”’)]*$/.test(trimmed)
  const byForm = WH_FORM.test(s) || YES_NO_FORM.test(s) || IMPERATIVE_OPEN.test(s)
  if (!marked && !(byForm && !/[.!]$/.test(trimmed))) return null
  return OPEN_START.test(s) ? 'open' : 'closed'
}
