import type { CallMetrics, Utterance } from '@revlab/domain'

/** Sentence starts that make a question open-ended; anything else ending in '?' is closed. */
export const OPEN_QUESTION_STARTERS = [
  'what',
  'how',
  'why',
  'walk me through',
  'tell me',
  'describe',
  'help me understand',
] as const

const OPEN_START = new RegExp(`^(${OPEN_QUESTION_STARTERS.join('|')})\\b`, 'i')
export const PAIN_PATTERN =
  /\b(pain|painful|struggl\w*|frustrat\w*|too slow|bottleneck|breaks|manual work|costly|hurts)\b/i
export const PRICE_PATTERN = /\b(price|prices|pricing|discount|list rate|per credit)\b/i
export const VALUE_PATTERN = /\b(value|roi|payback|save|saves|saving)\b/i

export const splitSentences = (text: string): string[] =>
  text
    .split(/(?<=[.?!])\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)

export const isOpenQuestion = (sentence: string): boolean =>
  sentence.endsWith('?') && OPEN_START.test(sentence)

const wordCount = (text: string): number => text.split(/\s+/).filter((w) => w.length > 0).length

/**
 * Call metrics from a transcript, by these definitions:
 * - questions: internal-speaker sentences ending in '?';
 * - openQuestions: those starting with an open starter (What, How, Why, Walk me through, Tell me, Describe, Help me understand);
 * - talkRatio: internal share of all words (null when nobody spoke);
 * - longestMonologueWords: most words in a run of consecutive utterances by one internal speaker;
 * - interactivity: speaker changes between consecutive utterances per 100 words;
 * - painUncovered: an external sentence names a pain (PAIN_PATTERN);
 * - valueBeforePrice: an internal value statement (VALUE_PATTERN) came before the first price mention
 *   by anyone (PRICE_PATTERN); null when price never came up.
 */
export const measureCall = (callId: string, utterances: readonly Utterance[]): CallMetrics => {
  let questions = 0
  let openQuestions = 0
  let internalWords = 0
  let totalWords = 0
  let longestMonologueWords = 0
  let runSpeaker: string | null = null
  let runWords = 0
  let switches = 0
  let previousSpeaker: string | null = null
  let painUncovered = false
  let firstValue = -1
  let firstPrice = -1
  utterances.forEach((u, index) => {
    const words = wordCount(u.text)
    totalWords += words
    if (previousSpeaker !== null && u.speaker !== previousSpeaker) switches += 1
    previousSpeaker = u.speaker
    if (u.side === 'internal') {
      internalWords += words
      runWords = runSpeaker === u.speaker ? runWords + words : words
      runSpeaker = u.speaker
      longestMonologueWords = Math.max(longestMonologueWords, runWords)
    } else {
      runSpeaker = null
      runWords = 0
    }
    for (const sentence of splitSentences(u.text)) {
      if (u.side === 'internal' && sentence.endsWith('?')) {
        questions += 1
        if (isOpenQuestion(sentence)) openQuestions += 1
      }
      if (u.side === 'external' && PAIN_PATTERN.test(sentence)) painUncovered = true
      if (u.side === 'internal' && firstValue < 0 && VALUE_PATTERN.test(sentence)) firstValue = index
      if (firstPrice < 0 && PRICE_PATTERN.test(sentence)) firstPrice = index
    }
  })
  return {
    callId,
    talkRatio: totalWords === 0 ? null : internalWords / totalWords,
    questions,
    openQuestions,
    longestMonologueWords,
    interactivity: totalWords === 0 ? 0 : (switches / totalWords) * 100,
    painUncovered,
    valueBeforePrice: firstPrice < 0 ? null : firstValue >= 0 && firstValue < firstPrice,
  }
}
