import type { Utterance } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import * as S from './call-sentences.js'

export type Speaker = {
  name: string
  side: 'internal' | 'external'
  personId: string | null
  contactId: string | null
}

export type ScriptOptions = {
  callId: string
  ae: Speaker
  se: Speaker | null
  externals: Speaker[]
  /** Exactly this many open discovery questions are asked by the AE. */
  openQuestions: number
  competitorName: string | null
  ossName: string | null
  moneyText: string
  quarterText: string
  monthText: string
}

export type ScriptEvidence = { kind: string; quote: string; speaker: string; positionMs: number }

export type CallScript = { utterances: Utterance[]; evidence: ScriptEvidence[]; durationS: number }

/**
 * One sales call, turn by turn: opening, discovery (exactly `openQuestions`
 * open questions and a few closed ones, each answered), budget / timeline /
 * competition, an SE segment, value and pricing in either order, next steps.
 * Timestamps assume ~150 words a minute with short pauses between turns.
 */
export const buildCallScript = (rng: Rng, options: ScriptOptions): CallScript => {
  const { ae, se, externals } = options
  const turns: { speaker: Speaker; text: string; evidenceKind: string | null }[] = []
  const say = (speaker: Speaker, text: string, evidenceKind: string | null = null): void => {
    turns.push({ speaker, text, evidenceKind })
  }
  const buyer = (): Speaker => rng.pick(externals)
  const fill = (template: string): string =>
    template
      .replace('{money}', options.moneyText)
      .replace('{quarter}', options.quarterText)
      .replace('{month}', options.monthText)
      .replace('{vendor}', options.competitorName ?? 'another vendor')
      .replace('{oss}', options.ossName ?? 'the open-source stack')

  say(ae, rng.pick(S.OPENINGS_INTERNAL))
  say(buyer(), rng.pick(S.OPENINGS_EXTERNAL))

  const openPool = rng.shuffle(S.OPEN_QUESTIONS)
  const questions: string[] = []
  for (let i = 0; i < options.openQuestions; i += 1) questions.push(openPool[i % openPool.length] ?? '')
  questions.push(...rng.sample(S.CLOSED_QUESTIONS, rng.poisson(1.8)))
  const discovery = rng.shuffle(questions)
  const painAt = rng.bernoulli(0.7) ? rng.int(0, Math.max(0, discovery.length - 1)) : -1
  discovery.forEach((question, i) => {
    say(ae, rng.bernoulli(0.35) ? `${rng.pick(S.LEAD_INS)} ${question}` : question)
    if (i === painAt) say(buyer(), rng.pick(S.PAIN), 'pain')
    else say(buyer(), rng.pick(S.ANSWERS))
  })
  if (painAt >= 0 && discovery.length === 0) say(buyer(), rng.pick(S.PAIN), 'pain')
  if (discovery.length === 0 && painAt < 0) say(buyer(), rng.pick(S.ANSWERS))

  if (rng.bernoulli(0.5)) {
    say(ae, S.TOPIC_LEADS.budget)
    say(buyer(), fill(rng.pick(S.BUDGET)), 'budget')
  }
  if (rng.bernoulli(0.5)) {
    say(ae, S.TOPIC_LEADS.timeline)
    say(buyer(), fill(rng.pick(S.TIMELINE)), 'timeline')
  }
  if (rng.bernoulli(0.4)) {
    say(ae, S.TOPIC_LEADS.competitor)
    say(buyer(), fill(rng.pick(S.COMPETITOR)), 'competitor')
  }
  if (rng.bernoulli(0.35)) say(buyer(), rng.pick(S.METRICS), 'metrics')
  if (se !== null) {
    say(se, rng.sample(S.SE_STATEMENTS, rng.int(1, 2)).join(' '))
    say(buyer(), rng.pick(S.ANSWERS))
  }
  const value = rng.bernoulli(0.6)
  const price = rng.bernoulli(0.45)
  const valueFirst = rng.bernoulli(0.7)
  const sayValue = (): void => {
    say(ae, rng.pick(S.VALUE), 'value')
    say(buyer(), rng.pick(S.AGREEMENTS))
  }
  const sayPrice = (): void => {
    if (rng.bernoulli(0.5)) say(buyer(), rng.pick(S.PRICE_EXTERNAL), 'pricing')
    say(ae, rng.pick(S.PRICE_INTERNAL), 'pricing')
  }
  if (value && (valueFirst || !price)) sayValue()
  if (price) sayPrice()
  if (value && !valueFirst && price) sayValue()
  say(ae, rng.pick(S.NEXT_STEPS), 'next_step')
  say(buyer(), rng.pick(S.AGREEMENTS))

  const utterances: Utterance[] = []
  const evidence: ScriptEvidence[] = []
  let clockMs = rng.int(2_000, 20_000)
  turns.forEach((turn, seq) => {
    const words = turn.text.split(' ').length
    const startMs = clockMs
    const endMs = startMs + words * rng.int(330, 450)
    clockMs = endMs + rng.int(250, 1_500)
    utterances.push({
      callId: options.callId,
      seq,
      speaker: turn.speaker.name,
      side: turn.speaker.side,
      personId: turn.speaker.personId,
      contactId: turn.speaker.contactId,
      startMs,
      endMs,
      text: turn.text,
    })
    if (turn.evidenceKind !== null) {
      evidence.push({
        kind: turn.evidenceKind,
        quote: turn.text,
        speaker: turn.speaker.name,
        positionMs: startMs,
      })
    }
  })
  return { utterances, evidence, durationS: Math.ceil((clockMs + rng.int(5_000, 60_000)) / 1000) }
}
