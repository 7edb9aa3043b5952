/**
 * Plain-language questions, parsed deterministically: a metric from the
 * catalogue, a subject (person, team, region, account, SKU) matched fuzzily
 * against the names in the store, a time range relative to the latest day
 * with data, and an optional signal filter or ranking. No AI service.
 */
import type { IsoDate } from '@revlab/domain'
import { addDays, dayNumber, isoDay } from '../consumption/iso-days.js'

export const ASK_METRICS = {
  overview: 'how they are doing',
  consumption: 'consumption',
  activities: 'activities',
  use_cases_new: 'new use cases',
  use_cases_live: 'use cases gone live',
  use_cases_slipped: 'use cases slipped',
  deals_won: 'deals won',
  deals_lost: 'deals lost',
  deals_created: 'deals created',
  win_rate: 'win rate',
  pipeline: 'open pipeline',
  attainment: 'attainment',
} as const
export type AskMetric = keyof typeof ASK_METRICS

export type AskCatalogue = {
  people: { id: string; name: string; role: string; aeType: string | null; team: string; region: string }[]
  teams: string[]
  regions: string[]
  accounts: { id: string; name: string; region: string }[]
  skus: string[]
  signals: { key: string; label: string }[]
}

export type AskSubject =
  | { kind: 'all' }
  | { kind: 'person'; id: string; name: string }
  | { kind: 'team'; name: string }
  | { kind: 'region'; name: string }
  | { kind: 'account'; id: string; name: string }
  | { kind: 'sku'; name: string }

export type AskRange = { from: IsoDate; to: IsoDate; label: string }

export type AskPlan = {
  metric: AskMetric
  subject: AskSubject
  range: AskRange
  /** "which accounts lost the most …": list the subjects of that kind ranked by the change. */
  rank: { by: 'account' | 'person'; direction: 'lost' | 'gained' } | null
  signal: { key: string; label: string } | null
  /** Each reading in words: "I read 'Lars' as Lars Eriksen, AE, EMEA". */
  readings: string[]
}

export type ParsedQuestion =
  { status: 'ok'; plan: AskPlan } | { status: 'unclear'; understood: string[]; suggestions: string[] }

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
]

const normalize = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']s\b/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()

/**
 * The question's words as the parser reads them (lower case, accents and
 * punctuation gone): what the store filters account names by before
 * matching, since an account is only ever read from its whole name.
 */
export const questionWords = (question: string): string[] => normalize(question).split(' ').filter(Boolean)

/** Levenshtein distance, stopping early once above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (prev[j] ?? 0) + 1,
        (row[j - 1] ?? 0) + 1,
        (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    prev = row
  }
  return prev[b.length] ?? max + 1
}

/** Words the metric and time parsers own: never read as a name. */
const RESERVED = new Set(
  (
    'how is are was doing did the a an of in for on at by with and or what which who me my show ' +
    'last this next past since days day week weeks month months quarter quarters year years today yesterday ' +
    'new use case cases live slipped won lost created win rate pipeline consumption activities activity ' +
    'deals deal accounts account most least lose gained gain to date over team region sales many much'
  ).split(' '),
)

type Match = { score: number; words: string }

/**
 * How well `name` appears in the question's words: the whole name 1, a
 * word of it (≥ 3 letters) 0.8, a word one typo away (≥ 5 letters) 0.6.
 */
function matchName(words: string[], name: string, partial: boolean): Match | null {
  const target = normalize(name).split(' ').filter(Boolean)
  if (target.length === 0) return null
  const text = ` ${words.join(' ')} `
  if (text.includes(` ${target.join(' ')} `)) return { score: 1, words: target.join(' ') }
  if (!partial) return null
  let best: Match | null = null
  for (const w of words) {
    if (RESERVED.has(w) || w.length < 3) continue
    for (const t of target) {
      if (t.length < 3) continue
      if (w === t && (best?.score ?? 0) < 0.8) best = { score: 0.8, words: w }
      else if (w.length >= 5 && distance(w, t, 1) <= 1 && (best?.score ?? 0) < 0.6)
        best = { score: 0.6, words: w }
    }
  }
  return best
}

function bestOf<T>(
  words: string[],
  items: T[],
  nameOf: (t: T) => string,
  partial: boolean,
): { item: T; match: Match; others: T[] } | null {
  let best: { item: T; match: Match; others: T[] } | null = null
  for (const item of items) {
    const match = matchName(words, nameOf(item), partial)
    if (!match) continue
    if (!best || match.score > best.match.score) best = { item, match, others: [] }
    else if (match.score === best.match.score) best.others.push(item)
  }
  return best
}

const quarterStart = (date: IsoDate): IsoDate =>
  `${date.slice(0, 4)}-${String(Math.floor((Number(date.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`
const mondayOf = (date: IsoDate): IsoDate => {
  const n = dayNumber(date)
  return isoDay(n - ((n + 3) % 7)) // 1970-01-01 was a Thursday
}

/** The time range in the question, relative to `today` (the latest day with data); default the last 30 days. */
export function parseRange(text: string, today: IsoDate): AskRange & { explicit: boolean } {
  const q = normalize(text)
  const lastN = /\b(?:last|past) (\d+) (day|week|month)s?\b/.exec(q)
  if (lastN) {
    const n = Number(lastN[1])
    const days = lastN[2] === 'day' ? n : lastN[2] === 'week' ? n * 7 : n * 30
    return {
      from: addDays(today, -(days - 1)),
      to: today,
      label: `the last ${n} ${lastN[2]}${n === 1 ? '' : 's'}`,
      explicit: true,
    }
  }
  if (/\byesterday\b/.test(q)) {
    const day = addDays(today, -1)
    return { from: day, to: day, label: `yesterday (${day})`, explicit: true }
  }
  if (/\btoday\b/.test(q)) return { from: today, to: today, label: `today (${today})`, explicit: true }
  if (/\blast week\b/.test(q)) {
    const monday = addDays(mondayOf(today), -7)
    return {
      from: monday,
      to: addDays(monday, 6),
      label: `last week (${monday} to ${addDays(monday, 6)})`,
      explicit: true,
    }
  }
  if (/\bthis week\b/.test(q)) return { from: mondayOf(today), to: today, label: 'this week', explicit: true }
  if (/\blast quarter\b/.test(q)) {
    const start = quarterStart(addDays(quarterStart(today), -1))
    const end = addDays(quarterStart(today), -1)
    return { from: start, to: end, label: `last quarter (${start} to ${end})`, explicit: true }
  }
  if (/\bthis quarter\b|\bquarter to date\b|\bqtd\b/.test(q)) {
    const start = quarterStart(today)
    return { from: start, to: today, label: `this quarter (${start} to ${today})`, explicit: true }
  }
  if (/\blast month\b/.test(q)) {
    const start = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`
    const end = addDays(`${today.slice(0, 7)}-01`, -1)
    return { from: start, to: end, label: `last month (${start} to ${end})`, explicit: true }
  }
  if (/\bthis month\b/.test(q))
    return { from: `${today.slice(0, 7)}-01`, to: today, label: 'this month', explicit: true }
  if (/\bthis year\b|\byear to date\b|\bytd\b/.test(q))
    return {
      from: `${today.slice(0, 4)}-01-01`,
      to: today,
      label: `this year (since ${today.slice(0, 4)}-01-01)`,
      explicit: true,
    }
  const since = new RegExp(
    `\\bsince (${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})\\b`,
  ).exec(q)
  if (since?.[1]) {
    const month = MONTHS.findIndex((m) => m.startsWith(since[1] ?? '')) + 1
    const thisYear = Number(today.slice(0, 4))
    const year = month <= Number(today.slice(5, 7)) ? thisYear : thisYear - 1
    const from = `${year}-${String(month).padStart(2, '0')}-01`
    return { from, to: today, label: `the period since ${from}`, explicit: true }
  }
  return { from: addDays(today, -29), to: today, label: 'the last 30 days', explicit: false }
}

const METRIC_PATTERNS: [AskMetric, RegExp][] = [
  ['win_rate', /\bwin ?rates?\b|\bwin (?:percentage|ratio)\b/],
  ['use_cases_new', /\bnew use ?cases?\b|\buse ?cases? (?:created|opened|identified)\b/],
  [
    'use_cases_live',
    /\buse ?cases? (?:went |gone |moved to |that went )?live\b|\bwent live\b|\bgo ?lives?\b/,
  ],
  ['use_cases_slipped', /\bslip(?:ped|s)?\b/],
  ['deals_won', /\b(?:deals? )?won\b|\bwins\b|\bclosed won\b/],
  ['deals_lost', /\bdeals? lost\b|\blost deals?\b|\blosses\b/],
  ['deals_created', /\b(?:new|created) deals?\b|\bdeals? created\b/],
  ['pipeline', /\bpipeline\b/],
  ['attainment', /\battainment\b|\bquota\b|\bmaking (?:the|their|his|her) number\b/],
  ['consumption', /\bconsumption\b|\bconsum\w*\b|\busage\b|\brun ?rate\b|\bspend\b|\brevenue\b/],
  ['activities', /\bactivit(?:y|ies)\b|\bmeetings?\b|\bcalls\b/],
  ['overview', /\bhow (?:is|are|was|has|have) .+ doing\b|\bhow .+ doing\b|\bsummary\b|\boverview\b/],
]

const SUGGESTIONS = [
  'How is Lars doing over the last 30 days?',
  'new use cases in EMEA this quarter',
  'which accounts lost the most consumption last week?',
  'win rate for deals with an executive sponsor since January',
]

const describePerson = (p: AskCatalogue['people'][number]): string =>
  `${p.name}, ${p.role === 'ae' ? `AE${p.aeType ? ` (${p.aeType})` : ''}` : p.role}, ${p.region}`

/** Parses a question against the catalogue of names in the store. `today` is the latest day with data. */
export function parseQuestion(question: string, catalogue: AskCatalogue, today: IsoDate): ParsedQuestion {
  const q = normalize(question)
  const words = q.split(' ').filter(Boolean)
  const readings: string[] = []
  const understood: string[] = []

  // A ranking question: "which accounts lost the most …", "top gainers".
  let rank: AskPlan['rank'] = null
  const rankMatch =
    /\b(?:which|what|top) (accounts?|reps?|people|customers?)\b.*?\b(lost|los(?:e|ing)|dropped|fell|declined|gained|grew|gain(?:ing)?|increased)\b/.exec(
      q,
    )
  if (rankMatch) {
    rank = {
      by: /rep|people/.test(rankMatch[1] ?? '') ? 'person' : 'account',
      direction: /los|drop|fell|declin/.test(rankMatch[2] ?? '') ? 'lost' : 'gained',
    }
  } else if (/\b(?:top )?(gainers|losers)\b/.test(q))
    rank = { by: 'account', direction: q.includes('losers') ? 'lost' : 'gained' }

  let metric: AskMetric | null = null
  for (const [key, pattern] of METRIC_PATTERNS)
    if (pattern.test(q)) {
      metric = key
      break
    }
  // "lost the most consumption" is a ranking, not lost deals.
  if (rank) metric = 'consumption'
  if (metric) understood.push(`the metric: ${ASK_METRICS[metric]}`)

  // The subject: the most specific name that appears.
  let subject: AskSubject = { kind: 'all' }
  // Words of the signal phrase and month names are never names ("since January", "executive sponsor").
  const signalPhrase = /\bwith(?:out)? (.+)$/.exec(q)?.[1]?.split(' ') ?? []
  const nameWords = words.filter((w) => !MONTHS.includes(w) && !signalPhrase.includes(w))
  const person = bestOf(nameWords, catalogue.people, (p) => p.name, true)
  const account = bestOf(words, catalogue.accounts, (a) => a.name, false)
  const region = bestOf(words, catalogue.regions, (r) => r, false)
  const team = bestOf(
    words,
    catalogue.teams.filter((t) => !catalogue.regions.some((r) => r.toLowerCase() === t.toLowerCase())),
    (t) => t,
    false,
  )
  const sku = bestOf(words, catalogue.skus, (s) => s.replace(/_/g, ' '), false)
  if (account && account.match.score === 1) {
    subject = { kind: 'account', id: account.item.id, name: account.item.name }
    readings.push(
      `I read '${account.match.words}' as the account ${account.item.name} (${account.item.region})`,
    )
  } else if (person) {
    subject = { kind: 'person', id: person.item.id, name: person.item.name }
    const also = person.others.length
      ? ` (also possible: ${person.others.map((p) => p.name).join(', ')})`
      : ''
    readings.push(`I read '${person.match.words}' as ${describePerson(person.item)}${also}`)
  } else if (team) {
    subject = { kind: 'team', name: team.item }
    readings.push(`I read '${team.match.words}' as the ${team.item} team`)
  } else if (region) {
    subject = { kind: 'region', name: region.item }
    readings.push(`I read '${region.match.words}' as the ${region.item} region`)
  } else if (sku) {
    subject = { kind: 'sku', name: sku.item }
    readings.push(`I read '${sku.match.words}' as the SKU ${sku.item}`)
  }
  if (subject.kind !== 'all') understood.push(readings[readings.length - 1] ?? '')

  let signal: AskPlan['signal'] = null
  const withPart = /\bwith(?:out)? (?:an? |the )?(.+?)(?: since| in| over| during| last| this| for|$)/.exec(q)
  if (withPart?.[1]) {
    const found = bestOf(withPart[1].split(' '), catalogue.signals, (s) => s.label, false)
    const byKey = catalogue.signals.find((s) => withPart[1]?.includes(s.key.replace(/_/g, ' ')))
    const hit = found?.item ?? byKey
    if (hit) {
      signal = { key: hit.key, label: hit.label }
      readings.push(`I read 'with ${withPart[1]}' as deals with the signal ${hit.label} (${hit.key}) true`)
      understood.push(readings[readings.length - 1] ?? '')
    }
  }

  const range = parseRange(question, today)
  readings.push(`over ${range.label}${range.explicit ? '' : ' (no time range given)'}`)
  if (range.explicit) understood.push(`the time range: ${range.label}`)

  if (!metric && subject.kind !== 'all') metric = 'overview'
  if (!metric)
    return {
      status: 'unclear',
      understood,
      suggestions: [
        ...(subject.kind === 'all'
          ? SUGGESTIONS
          : [
              `How is ${subject.name} doing over ${range.label}?`,
              `consumption of ${subject.name} ${range.label}`,
            ]),
      ],
    }
  if (metric === 'overview' && subject.kind === 'all')
    readings.push('for everyone you may see (no person, team, region or account named)')
  return {
    status: 'ok',
    plan: {
      metric,
      subject,
      range: { from: range.from, to: range.to, label: range.label },
      rank,
      signal,
      readings,
    },
  }
}
