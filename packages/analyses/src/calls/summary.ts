import type { ActionItem, CallEntities, CallPosition, EvidenceKind, SpeakerSide } from './types.js'

/** A sentence of the call with what the rules found in it. */
export type ScoredSentence = {
  speaker: string
  side: SpeakerSide
  text: string
  words: number
  position: CallPosition
  kinds: EvidenceKind[]
  entities: CallEntities
  question: 'open' | 'closed' | null
}

const STOP_WORDS = new Set(
  `a an and are as at be been but by can could did do does for from had has have he her his how i if in into is it its just
  let like me more most my no not of on or our out over so some than that the their them then there these they this to too
  up us was we were what when where which who why will with would you your yes yeah okay ok um uh right well really think
  know mean going get got one also about all any because been being here now very thing things sure great good thanks thank`
    .split(/\s+/)
    .filter((w) => w.length > 0),
)

const KIND_WEIGHT: Record<EvidenceKind, number> = {
  pain: 3,
  metrics: 3,
  budget: 3,
  timeline: 2.5,
  economic_buyer: 3,
  decision_criteria: 2,
  decision_process: 2.5,
  paper_process: 2,
  champion: 2,
  competition: 2.5,
  next_step: 2.5,
}

const FILLER =
  /^(?:thanks|thank you|great|sounds good|good to see|okay|ok|yes|yeah|no|sure|got it|right|understood|that works|happy to be here)\b/i

const contentWords = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z0-9$%]+/)
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w))

/**
 * An extractive summary: each sentence is scored by the evidence it carries
 * (weighted by kind), the entities it names, and how central its content
 * words are to the call (mean call-wide frequency); filler, very short
 * sentences and questions score less. The top `count` sentences are returned
 * in call order as "Speaker: sentence".
 */
export function summarize(sentences: readonly ScoredSentence[], count: number): string[] {
  if (sentences.length === 0 || count <= 0) return []
  const frequency = new Map<string, number>()
  const wordsOf = sentences.map((s) => contentWords(s.text))
  for (const words of wordsOf) for (const w of new Set(words)) frequency.set(w, (frequency.get(w) ?? 0) + 1)
  const scored = sentences.map((s, i) => {
    const words = wordsOf[i] ?? []
    let centrality = 0
    for (const w of words) centrality += Math.log1p(frequency.get(w) ?? 0)
    centrality = words.length === 0 ? 0 : centrality / words.length
    let score = centrality
    for (const kind of s.kinds) score += KIND_WEIGHT[kind]
    const e = s.entities
    score += 1.5 * Math.min(2, e.money.length) + 0.75 * Math.min(2, e.timeframes.length)
    score += 0.5 * Math.min(2, e.organizations.length) + 0.75 * Math.min(2, e.titles.length)
    if (s.side === 'external') score += 0.5
    if (s.words < 6) score -= 2
    if (s.words > 60) score -= 1
    if (FILLER.test(s.text)) score -= 2
    if (s.question !== null) score -= 1
    return { index: i, score }
  })
  const chosen = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, count)
    .sort((a, b) => a.index - b.index)
  return chosen.map(({ index }) => {
    const s = sentences[index]
    return s === undefined ? '' : `${s.speaker}: ${s.text}`
  })
}

const COMMITMENT =
  /\b(?:i(?:'ll| will| am going to|'m going to| can| shall)|we(?:'ll| will| are going to|'re going to| shall)|let me|let(?:'s| us)|you(?:'ll| will)|(?:can|could|would|will) you(?: please)?|please|action item|to-?do|next step is|([A-Z][a-z]+) (?:will|is going to|to)) (?!be\b|have\b|see\b|talk soon\b|know\b)(send|share|set up|setup|schedule|book|follow up|follow|check|get|loop|introduce|draft|prepare|review|confirm|run|put together|write|update|ask|bring|circle back|reach out|connect|invite|provide|deliver|sign|start|finalize|look into|come back|email|call|meet|build|create|test|load|demo|walk)\b/i

const NOT_NAMES = new Set([
  'i',
  'we',
  'you',
  'let',
  'please',
  'this',
  'that',
  'it',
  'which',
  'who',
  'they',
  'he',
  'she',
  'there',
  'someone',
  'everyone',
  'somebody',
  'what',
])
const FIRST_PERSON = /^(?:i\b|let me\b)/i
const FIRST_PLURAL = /^(?:we\b|let(?:'s| us)\b)/i
const SECOND = /^(?:you\b|(?:can|could|would|will) you\b|please\b)/i

/**
 * Action items: sentences that commit someone to a concrete verb (send, share,
 * schedule, book, follow up, …) — "I will", "we'll", "let's", "can you",
 * "<Name> will". The owner is the speaker for "I", the speaker's team for
 * "we", the other side for "you" (the one other speaker when there is one),
 * or the named person; the due date is the first timeframe in the sentence.
 */
export function findActionItems(
  sentences: readonly ScoredSentence[],
  speakers: readonly { name: string; side: SpeakerSide }[],
): ActionItem[] {
  const items: ActionItem[] = []
  for (const s of sentences) {
    const m = COMMITMENT.exec(s.text)
    if (m === null) {
      // "Next step is a technical session on Thursday": a dated next step is an action item too.
      if (s.kinds.includes('next_step') && s.entities.timeframes.length > 0 && s.question === null)
        items.push({
          text: s.text,
          owner: `${s.speaker} (team)`,
          due: s.entities.timeframes[0] ?? null,
          position: s.position,
        })
      continue
    }
    const subject = m[0]
    const named = m[1]
    let owner: string
    const lead = subject.replace(/^(?:so|and|okay|ok|great),?\s+/i, '')
    if (named !== undefined && /^[A-Z]/.test(named) && !NOT_NAMES.has(named.toLowerCase())) owner = named
    else if (FIRST_PERSON.test(lead)) owner = s.speaker
    else if (FIRST_PLURAL.test(lead)) owner = `${s.speaker} (team)`
    else if (SECOND.test(lead)) {
      const others = speakers.filter((p) => p.name !== s.speaker)
      const otherSide = others.filter(
        (p) => s.side !== 'unknown' && p.side !== s.side && p.side !== 'unknown',
      )
      const pool = otherSide.length > 0 ? otherSide : others
      owner =
        pool.length === 1
          ? (pool[0]?.name ?? 'other side')
          : s.side === 'internal'
            ? 'customer'
            : s.side === 'external'
              ? 'sales team'
              : 'other side'
    } else owner = s.speaker
    items.push({ text: s.text, owner, due: s.entities.timeframes[0] ?? null, position: s.position })
  }
  return items
}
