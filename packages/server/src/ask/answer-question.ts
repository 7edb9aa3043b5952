/**
 * `revlab ask` and the question box: parse the question against the names
 * in the store (pure, @revlab/analyses), then answer it through the db
 * loaders, within what the asker may see — a rep gets their own figures only.
 */
import type { IsoDate } from '@revlab/domain'
import {
  latestConsumptionDay,
  loadAskAccountMoves,
  loadAskCatalogue,
  loadAskOpenPipeline,
  loadAskSeries,
  loadAskWinRate,
  type AskFilter,
  type AskSeries,
  type OwnerScope,
  type Store,
} from '@revlab/db'
import {
  ASK_METRICS,
  money,
  parseQuestion,
  questionWords,
  type AskAnswer,
  type AskCatalogue,
  type AskPlan,
  type AskUnit,
} from '@revlab/analyses'
import { buildExceptions } from '../exceptions/build-exceptions.js'

export type AskRequest = { question: string; scope?: OwnerScope; today?: IsoDate }

const DAY_MS = 86_400_000
const shift = (date: IsoDate, days: number): IsoDate =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
const pct = (f: number): string => `${Math.round(f * 100)}%`
const signedPct = (f: number): string => `${f >= 0 ? '+' : '−'}${Math.abs(Math.round(f * 100))}%`

/** Every day of the range, zeros where nothing happened, so the chart's x axis is honest. */
function fill(series: AskSeries, from: IsoDate, to: IsoDate, pick: (p: AskSeries[number]) => number) {
  const byDay = new Map(series.map((p) => [p.day, pick(p)]))
  const points: { x: string; y: number }[] = []
  for (let day = from; day <= to; day = shift(day, 1)) points.push({ x: day, y: byDay.get(day) ?? 0 })
  return points
}
const total = (series: AskSeries, pick: (p: AskSeries[number]) => number): number =>
  series.reduce((s, p) => s + pick(p), 0)

function filterFor(
  plan: AskPlan,
  catalogue: AskCatalogue,
  scope: OwnerScope,
): { filter: AskFilter; allowed: boolean } {
  const scoped = scope.kind === 'owners' ? new Set(scope.ownerIds) : null
  const limit = (ids: string[]): string[] => (scoped ? ids.filter((id) => scoped.has(id)) : ids)
  const own = scoped ? [...scoped] : null
  const subject = plan.subject
  switch (subject.kind) {
    case 'all':
      return { filter: { ownerIds: own, accountIds: null, sku: null }, allowed: true }
    case 'person':
      return {
        filter: { ownerIds: [subject.id], accountIds: null, sku: null },
        allowed: scoped === null || scoped.has(subject.id),
      }
    case 'team':
      return {
        filter: {
          ownerIds: limit(catalogue.people.filter((p) => p.team === subject.name).map((p) => p.id)),
          accountIds: null,
          sku: null,
        },
        allowed: true,
      }
    case 'region':
      return {
        filter: {
          ownerIds: limit(catalogue.people.filter((p) => p.region === subject.name).map((p) => p.id)),
          accountIds: null,
          sku: null,
        },
        allowed: true,
      }
    case 'account':
      return { filter: { ownerIds: own, accountIds: [subject.id], sku: null }, allowed: true }
    case 'sku':
      return { filter: { ownerIds: own, accountIds: null, sku: subject.name }, allowed: true }
  }
}

const subjectName = (plan: AskPlan): string =>
  plan.subject.kind === 'all'
    ? 'Everyone'
    : plan.subject.kind === 'team'
      ? `The ${plan.subject.name} team`
      : plan.subject.kind === 'region'
        ? plan.subject.name
        : plan.subject.name

async function answerPlan(
  store: Store,
  plan: AskPlan,
  filter: AskFilter,
  scope: OwnerScope,
  today: IsoDate,
): Promise<Pick<AskAnswer, 'headline' | 'figures' | 'chart' | 'rows'>> {
  const { from, to, label } = plan.range
  const who = subjectName(plan)
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1
  const series = (metric: Parameters<typeof loadAskSeries>[1]['metric'], f = from, t = to) =>
    loadAskSeries(store.db, { metric, from: f, to: t, filter })
  const count = (s: AskSeries) => total(s, (p) => p.count)
  const countChart = (title: string, s: AskSeries) => ({
    title,
    unit: 'count' as AskUnit,
    points: fill(s, from, to, (p) => p.count),
  })

  if (plan.rank) {
    const moves = await loadAskAccountMoves(store.db, { from, to, filter, direction: plan.rank.direction })
    const rows = moves
      .map((m) => ({ ...m, change: m.currentCents - m.priorCents }))
      .filter((m) => (plan.rank?.direction === 'lost' ? m.change < 0 : m.change > 0))
    const top = rows[0]
    return {
      headline: top
        ? `${top.name} ${plan.rank.direction} the most consumption over ${label}: ${money(top.change)} (${money(top.currentCents)} against ${money(top.priorCents)} in the ${days} days before).`
        : `No account ${plan.rank.direction} consumption over ${label} against the ${days} days before.`,
      figures: rows.map((r) => ({ label: r.name, value: r.change, unit: 'cents' })),
      chart: {
        title: `Change in consumption, ${label}`,
        unit: 'cents',
        points: rows.map((r) => ({ x: r.name, y: r.change })),
      },
      rows: rows.map((r) => ({
        label: r.name,
        value: r.change,
        unit: 'cents',
        detail: `${money(r.currentCents)} vs ${money(r.priorCents)}${r.priorCents ? ` (${signedPct(r.change / r.priorCents)})` : ''}`,
        link: `/consumption?account=${encodeURIComponent(r.id)}`,
      })),
    }
  }

  switch (plan.metric) {
    case 'overview': {
      const [activities, useCases, consumption, prior, won] = await Promise.all([
        series('activities'),
        series('use_cases_new'),
        series('consumption'),
        series('consumption', shift(from, -days), shift(from, -1)),
        series('deals_won'),
      ])
      const spend = total(consumption, (p) => p.value)
      const before = total(prior, (p) => p.value)
      const weight = total(activities, (p) => p.weight)
      return {
        headline:
          `${who} over ${label}: ${count(activities)} activities (${weight.toFixed(1)} weighted), ` +
          `${count(useCases)} new use cases, consumption ${money(spend)}` +
          (before > 0 ? ` (${signedPct((spend - before) / before)} on the ${days} days before)` : '') +
          `, ${count(won)} deals won (${money(total(won, (p) => p.value))}).`,
        figures: [
          { label: 'activities', value: count(activities), unit: 'count' },
          { label: 'weighted activity', value: weight, unit: 'weight' },
          { label: 'new use cases', value: count(useCases), unit: 'count' },
          { label: 'consumption', value: spend, unit: 'cents' },
          { label: 'consumption, the period before', value: before, unit: 'cents' },
          { label: 'deals won', value: count(won), unit: 'count' },
          { label: 'won', value: total(won, (p) => p.value), unit: 'cents' },
        ],
        chart: {
          title: 'Consumption per day',
          unit: 'cents',
          points: fill(consumption, from, to, (p) => p.value),
        },
        rows: [],
      }
    }
    case 'consumption': {
      const [current, prior] = await Promise.all([
        series('consumption'),
        series('consumption', shift(from, -days), shift(from, -1)),
      ])
      const spend = total(current, (p) => p.value)
      const before = total(prior, (p) => p.value)
      return {
        headline:
          `${who}: consumption ${money(spend)} over ${label}` +
          (before > 0
            ? `, ${signedPct((spend - before) / before)} on the ${days} days before (${money(before)}).`
            : '.'),
        figures: [
          { label: 'consumption', value: spend, unit: 'cents' },
          { label: 'the period before', value: before, unit: 'cents' },
        ],
        chart: {
          title: 'Consumption per day',
          unit: 'cents',
          points: fill(current, from, to, (p) => p.value),
        },
        rows: [],
      }
    }
    case 'activities': {
      const s = await series('activities')
      const weight = total(s, (p) => p.weight)
      return {
        headline: `${who}: ${count(s)} activities over ${label}, ${weight.toFixed(1)} weighted by type and seniority.`,
        figures: [
          { label: 'activities', value: count(s), unit: 'count' },
          { label: 'weighted activity', value: weight, unit: 'weight' },
        ],
        chart: countChart('Activities per day', s),
        rows: [],
      }
    }
    case 'use_cases_new':
    case 'use_cases_live':
    case 'use_cases_slipped':
    case 'deals_created': {
      const s = await series(plan.metric)
      const name = ASK_METRICS[plan.metric]
      const amount = plan.metric === 'deals_created' ? ` worth ${money(total(s, (p) => p.value))}` : ''
      return {
        headline: `${who}: ${count(s)} ${name}${amount} over ${label}.`,
        figures: [{ label: name, value: count(s), unit: 'count' }],
        chart: countChart(`${name[0]?.toUpperCase() ?? ''}${name.slice(1)} per day`, s),
        rows: [],
      }
    }
    case 'deals_won':
    case 'deals_lost': {
      const s = await series(plan.metric)
      const amount = total(s, (p) => p.value)
      return {
        headline: `${who}: ${count(s)} ${ASK_METRICS[plan.metric]} over ${label}, ${money(amount)}.`,
        figures: [
          { label: ASK_METRICS[plan.metric], value: count(s), unit: 'count' },
          { label: 'amount', value: amount, unit: 'cents' },
        ],
        chart: { title: 'Amount per day', unit: 'cents', points: fill(s, from, to, (p) => p.value) },
        rows: [],
      }
    }
    case 'win_rate': {
      const months = await loadAskWinRate(store.db, { from, to, filter, signalKey: plan.signal?.key ?? null })
      const closed = months.reduce((s, m) => s + m.closed, 0)
      const won = months.reduce((s, m) => s + m.won, 0)
      const rate = closed ? won / closed : null
      const which = plan.signal ? ` for deals with ${plan.signal.label.toLowerCase()}` : ''
      return {
        headline:
          rate === null
            ? `${who}: no deals${which} closed over ${label}, so no win rate.`
            : `${who}: win rate${which} ${pct(rate)} over ${label} (${won} won of ${closed} closed).`,
        figures: [
          { label: 'win rate', value: rate, unit: 'ratio' },
          { label: 'won', value: won, unit: 'count' },
          { label: 'closed', value: closed, unit: 'count' },
        ],
        chart: {
          title: 'Win rate by month of close',
          unit: 'ratio',
          points: months.map((m) => ({ x: m.month, y: m.closed ? m.won / m.closed : 0 })),
        },
        rows: [],
      }
    }
    case 'pipeline': {
      const [open, created] = await Promise.all([
        loadAskOpenPipeline(store.db, filter),
        series('pipeline_created'),
      ])
      return {
        headline:
          `${who}: ${money(open.amountCents)} open pipeline in ${open.deals} deals today; ` +
          `${money(total(created, (p) => p.value))} created over ${label}.`,
        figures: [
          { label: 'open pipeline', value: open.amountCents, unit: 'cents' },
          { label: 'open deals', value: open.deals, unit: 'count' },
          { label: 'pipeline created', value: total(created, (p) => p.value), unit: 'cents' },
        ],
        chart: {
          title: 'Pipeline created per day',
          unit: 'cents',
          points: fill(created, from, to, (p) => p.value),
        },
        rows: [],
      }
    }
    case 'attainment': {
      const owners = filter.ownerIds
      const exceptions = await buildExceptions(store, {
        date: today,
        scope: owners ? { kind: 'owners', ownerIds: owners } : scope,
      })
      if (exceptions.status !== 'ok')
        return { headline: `${who}: ${exceptions.reason}.`, figures: [], chart: null, rows: [] }
      const achieved = exceptions.reps.reduce((s, r) => s + r.achievedCents, 0)
      const toDate = exceptions.reps.reduce((s, r) => s + r.quotaToDateCents, 0)
      const rate = toDate > 0 ? achieved / toDate : null
      return {
        headline:
          rate === null
            ? `${who}: no quota this fiscal year.`
            : `${who}: ${pct(rate)} of the quota to date (${money(achieved)} of ${money(toDate)}) as of ${today}.`,
        figures: [
          { label: 'attainment to date', value: rate, unit: 'ratio' },
          { label: 'achieved', value: achieved, unit: 'cents' },
          { label: 'quota to date', value: toDate, unit: 'cents' },
        ],
        chart: {
          title: 'Attainment to date by rep',
          unit: 'ratio',
          points: exceptions.reps.map((r) => ({ x: r.name, y: r.links[0]?.figure ?? 0 })),
        },
        rows: exceptions.reps.map((r) => ({
          label: r.name,
          value: r.links[0]?.figure ?? 0,
          unit: 'ratio',
          detail: r.diagnosis,
          link: '/exceptions',
        })),
      }
    }
  }
}

export async function answerQuestion(store: Store, request: AskRequest): Promise<AskAnswer> {
  const scope = request.scope ?? { kind: 'all' }
  const today =
    (await latestConsumptionDay(store.db)) ?? request.today ?? new Date().toISOString().slice(0, 10)
  const catalogue = await loadAskCatalogue(store.db, { accountWords: questionWords(request.question) })
  const parsed = parseQuestion(request.question, catalogue, today)
  const empty = { figures: [], chart: null, rows: [] }
  if (parsed.status === 'unclear')
    return {
      question: request.question,
      status: 'not-understood',
      interpretation: parsed.understood,
      headline: parsed.understood.length
        ? `I understood ${parsed.understood.join('; ')}, but not what to measure.`
        : 'I could not find a metric, a person, a team, a region or an account in that question.',
      ...empty,
      suggestions: parsed.suggestions,
      plan: null,
    }
  const { plan } = parsed
  const { filter, allowed } = filterFor(plan, catalogue, scope)
  const interpretation = [
    ...plan.readings,
    `measured: ${ASK_METRICS[plan.metric]} (${plan.range.from} to ${plan.range.to})`,
  ]
  if (scope.kind === 'owners' && plan.subject.kind !== 'person')
    interpretation.push('only your own figures count (your role sees your own deals and accounts)')
  if (!allowed)
    return {
      question: request.question,
      status: 'not-allowed',
      interpretation,
      headline: `You can see your own figures only, not ${plan.subject.kind === 'person' ? plan.subject.name : 'theirs'}.`,
      ...empty,
      suggestions: catalogue.people
        .filter((p) => scope.kind === 'owners' && scope.ownerIds.includes(p.id))
        .map((p) => `How is ${p.name} doing over ${plan.range.label}?`),
      plan,
    }
  const answer = await answerPlan(store, plan, filter, scope, today)
  return {
    question: request.question,
    status: 'answered',
    interpretation,
    ...answer,
    suggestions: [],
    plan,
  }
}
