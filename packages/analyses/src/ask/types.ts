import type { AskPlan } from './parse-question.js'

export type AskUnit = 'cents' | 'count' | 'ratio' | 'weight'

/** The answer to one question: the numbers, a small chart, and the reading of the question it used. */
export type AskAnswer = {
  question: string
  status: 'answered' | 'not-understood' | 'not-allowed'
  /** How the question was read: "I read 'Lars' as Lars Eriksen, AE (core), EMEA", the range, the scope. */
  interpretation: string[]
  /** One or two sentences with the numbers. */
  headline: string
  figures: { label: string; value: number | null; unit: AskUnit }[]
  /** A series over the range (by day, or by month for rates). */
  chart: { title: string; unit: AskUnit; points: { x: string; y: number }[] } | null
  /** Rankings ("which accounts lost the most …"): one row each. */
  rows: { label: string; value: number; unit: AskUnit; detail: string; link: string | null }[]
  /** Close questions to try when it could not answer (or to go further). */
  suggestions: string[]
  plan: AskPlan | null
}
