import type { ConsumptionDigest, Move, UseCaseEvent } from '../consumption/types.js'
import { dayNumber, inLastDays } from '../consumption/iso-days.js'
import type { Brief, BriefInputs, BriefItem, BriefOptions, BriefPocInput, PocRisk } from './types.js'
import { listOf, money, pct, plural } from './brief-format.js'

const DEFAULTS = {
  team: null,
  maxItems: 15,
  missedCommitmentWeeks: 2,
  minMetricProgress: 0.25,
} satisfies Required<BriefOptions>

/** The briefing reads the consumption digest (a full analysis goes through digestConsumption). */
type Ok = ConsumptionDigest

const accountLink = (id: string): string => `/consumption?account=${encodeURIComponent(id)}`
const dealLink = (id: string): string => `/deals/${encodeURIComponent(id)}`
const promisedKeys = (json: string): string[] => {
  try {
    return Object.entries(JSON.parse(json) as Record<string, unknown>)
      .filter(([, v]) => v === true)
      .map(([k]) => k)
  } catch {
    return []
  }
}
const metKeys = (json: string): string[] => {
  try {
    const value = JSON.parse(json) as unknown
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}
const humanize = (key: string): string => key.replace(/([A-Z])/g, ' $1').toLowerCase()

/**
 * The rules that put a POC at risk: commitments missed in the latest
 * check-ins, running past its planned weeks or go/no-go date, and a metric
 * that has not moved from its baseline by half-way.
 */
export function pocRisks(pocs: BriefPocInput[], date: string, options: BriefOptions = {}): PocRisk[] {
  const opts = { ...DEFAULTS, ...options }
  const today = dayNumber(date)
  const risks: PocRisk[] = []
  for (const poc of pocs) {
    if (poc.status !== 'running' && poc.status !== 'paused') continue
    const reasons: string[] = []
    const checkins = [...poc.checkins].sort((a, b) => a.week - b.week)
    const promised = promisedKeys(poc.commitments)
    const recent = checkins.slice(-opts.missedCommitmentWeeks)
    if (promised.length > 0 && recent.length === opts.missedCommitmentWeeks) {
      const missedEvery = promised.filter((key) =>
        recent.every((c) => !metKeys(c.commitmentsMet).includes(key)),
      )
      if (missedEvery.length > 0)
        reasons.push(
          `the customer missed ${listOf(missedEvery.map(humanize))} ${recent.length} check-ins running`,
        )
    }
    const weeksIn = Math.floor((today - dayNumber(poc.startedAt)) / 7)
    if (today > dayNumber(poc.goNoGoDate))
      reasons.push(
        `the go/no-go date (${poc.goNoGoDate}) passed ${today - dayNumber(poc.goNoGoDate)} days ago`,
      )
    else if (weeksIn > poc.plannedWeeks) reasons.push(`week ${weeksIn} of ${poc.plannedWeeks} planned`)
    const span = poc.target - poc.baseline
    const last = [...checkins].reverse().find((c) => c.metricValue !== null)
    if (span !== 0 && weeksIn >= poc.plannedWeeks / 2) {
      const progress = last?.metricValue == null ? 0 : (last.metricValue - poc.baseline) / span
      if (progress < opts.minMetricProgress)
        reasons.push(
          last?.metricValue == null
            ? `no ${poc.metric} reading after ${plural(weeksIn, 'week')}`
            : `${poc.metric} has moved ${Math.round(progress * 100)}% of the way to target`,
        )
    }
    if (reasons.length > 0)
      risks.push({
        pocId: poc.id,
        dealId: poc.dealId,
        dealName: poc.dealName,
        ownerName: poc.ownerName,
        seName: poc.seName,
        reasons,
      })
  }
  return risks.sort((a, b) => b.reasons.length - a.reasons.length || a.pocId.localeCompare(b.pocId))
}

/** Use-case deals are often named "Account: workload"; say the account once. */
const useCaseName = (name: string, accountName: string): string =>
  name.includes(accountName) ? name : `${name} at ${accountName}`

/** When there are more items than a leader reads, the last kinds here go first. */
const PRIORITY: BriefItem['kind'][] = [
  'consumption',
  'loser',
  'gainer',
  'use_cases_slipped',
  'use_cases_live',
  'deals_won',
  'deals_lost',
  'poc_at_risk',
  'reviews_overdue',
  'use_case_loser',
  'use_cases_created',
  'deals_pushed',
  'certifications',
  'use_case_gainer',
  'deals_created',
]

function trim(items: BriefItem[], max: number): BriefItem[] {
  const kept = [...items]
  for (let k = PRIORITY.length - 1; kept.length > max && k >= 0; k -= 1) {
    for (let i = kept.length - 1; i >= 0 && kept.length > max; i -= 1)
      if (kept[i]?.kind === PRIORITY[k]) kept.splice(i, 1)
  }
  return kept.slice(0, max)
}

function moveItem(kind: BriefItem['kind'], m: Move, isUseCase: boolean): BriefItem {
  const up = m.changeCents > 0
  const where = isUseCase ? useCaseName(m.name, m.accountName) : m.name
  const size =
    m.changePct === null
      ? `${money(Math.abs(m.changeCents))} from nothing`
      : `${money(Math.abs(m.changeCents))} (${pct(m.changePct)})`
  const who = m.ownerName ? (up ? ` — ${m.ownerName}'s` : ` — ask ${m.ownerName} what changed`) : ''
  const text = up
    ? `${where} ${isUseCase ? 'grew' : 'gained'} ${size} on the week, ${money(m.runRateChangeCents)} a year at this pace${who}${m.ownerName ? (isUseCase ? ' use case.' : ' account.') : '.'}`
    : `${where} ${isUseCase ? 'fell' : 'lost'} ${size} on the week, ${money(Math.abs(m.runRateChangeCents))} a year if it holds${who}.`
  return {
    kind,
    tone: up ? 'good' : 'bad',
    text,
    link: isUseCase ? dealLink(m.id) : accountLink(m.accountId),
    ownerId: m.ownerId,
    ownerName: m.ownerName,
    amountCents: m.changeCents,
  }
}

function useCaseItem(kind: BriefItem['kind'], events: UseCaseEvent[], verb: string): BriefItem | null {
  const first = events[0]
  if (first === undefined) return null
  const value = (e: UseCaseEvent): string =>
    e.expectedMonthlyCents ? `, ${money(e.expectedMonthlyCents)}/month expected` : ''
  const lateness =
    kind === 'use_cases_slipped'
      ? `, ${plural(first.daysLate ?? 0, 'day')} past target`
      : kind === 'use_cases_live' && (first.daysLate ?? 0) > 0
        ? `, ${plural(first.daysLate ?? 0, 'day')} late`
        : ''
  const lead = `${useCaseName(first.name, first.accountName)} (${first.ownerName ?? 'unowned'}${value(first)}${lateness})`
  const text =
    events.length === 1
      ? `Use case ${verb}: ${lead}.`
      : `${plural(events.length, 'use case')} ${verb}, the largest ${lead}.`
  const totalMonthly = events.reduce((s, e) => s + (e.expectedMonthlyCents ?? 0), 0)
  return {
    kind,
    tone: kind === 'use_cases_slipped' ? 'bad' : 'good',
    text,
    link: dealLink(first.id),
    ownerId: first.ownerId,
    ownerName: first.ownerName,
    amountCents: totalMonthly,
  }
}

/**
 * The morning-coffee briefing: about fifteen sentences a sales leader would
 * write, most important first, each naming the owner to ask and linking to
 * the detail. Built from the consumption analysis plus deals, POCs and
 * certifications around the date.
 */
export function composeBrief(consumption: Ok, inputs: BriefInputs, options: BriefOptions = {}): Brief {
  const opts = { ...DEFAULTS, ...options }
  const date = consumption.asOf
  const days = consumption.eventDays
  const t = consumption.totals
  const items: BriefItem[] = []

  const vsWeek =
    t.yesterdayChangePct === null ? '' : `, ${pct(t.yesterdayChangePct)} on the same day last week`
  // A week against the baseline's daily line, not one day: weekdays run above the weekly average.
  const weekVsBaseline = t.baselineDailyCents > 0 ? pct(t.last7Cents / 7 / t.baselineDailyCents - 1) : null
  const weekParts = [
    t.weekChangePct === null ? null : `${pct(t.weekChangePct)} on the week before`,
    weekVsBaseline === null ? null : `${weekVsBaseline} on the baseline's daily line`,
  ].filter((part) => part !== null)
  const weekTrend = weekParts.length === 0 ? '' : ` The last 7 days ran ${weekParts.join(' and ')}.`
  const attainment =
    t.attainment === null
      ? ''
      : ` (${String(Math.round(t.attainment * 100)).replace('-', '−')}% of the incremental quota)`
  items.push({
    kind: 'consumption',
    tone: (t.yesterdayChangePct ?? 0) >= 0 ? 'good' : 'bad',
    text:
      `Consumption on ${date} was ${money(t.yesterdayCents)}${vsWeek}.${weekTrend}` +
      ` Run rate ${money(t.runRate30Cents)} a year, ${money(t.incrementalRunRateCents)} against the ${consumption.fiscalYear} baseline${attainment}.`,
    link: '/consumption',
    ownerId: null,
    ownerName: null,
    amountCents: t.yesterdayCents - t.weekAgoCents,
  })

  for (const m of consumption.losers.slice(0, 2)) items.push(moveItem('loser', m, false))
  for (const m of consumption.gainers.slice(0, 2)) items.push(moveItem('gainer', m, false))
  for (const m of consumption.useCaseLosers.slice(0, 1)) items.push(moveItem('use_case_loser', m, true))
  for (const m of consumption.useCaseGainers.slice(0, 1)) items.push(moveItem('use_case_gainer', m, true))

  const uc = consumption.useCases
  for (const item of [
    useCaseItem('use_cases_slipped', uc.slipped, 'slipped'),
    useCaseItem('use_cases_live', uc.wentLive, 'went live'),
    useCaseItem('use_cases_created', uc.created, 'created'),
  ])
    if (item) items.push(item)

  const inWindow = (date0: string | null): boolean => inLastDays(date0, date, days)
  const nonUseCase = inputs.deals.filter((d) => d.kind !== 'use_case')
  const byAmount = <T extends { amountCents: number; id: string }>(a: T, b: T): number =>
    b.amountCents - a.amountCents || a.id.localeCompare(b.id)
  const won = nonUseCase.filter((d) => d.isClosed && d.isWon && inWindow(d.closeDate)).sort(byAmount)
  const lost = nonUseCase.filter((d) => d.isClosed && !d.isWon && inWindow(d.closeDate)).sort(byAmount)
  const created = nonUseCase.filter((d) => inWindow(d.createdAt)).sort(byAmount)
  // Pushed: still open although the close date passed in the window (the CRM keeps no close-date history).
  const pushed = nonUseCase
    .filter((d) => !d.isClosed && inWindow(d.closeDate) && d.closeDate < date)
    .sort(byAmount)
  const total = (list: { amountCents: number }[]): number => list.reduce((s, d) => s + d.amountCents, 0)
  const wonTop = won[0]
  if (wonTop)
    items.push({
      kind: 'deals_won',
      tone: 'good',
      text: `${plural(won.length, 'deal')} won for ${money(total(won))}, led by ${wonTop.name} (${money(wonTop.amountCents)}, ${wonTop.ownerName}).`,
      link: dealLink(wonTop.id),
      ownerId: wonTop.ownerId,
      ownerName: wonTop.ownerName,
      amountCents: total(won),
    })
  const lostTop = lost[0]
  if (lostTop) {
    const why = lostTop.lossReason
      ? ` — ${lostTop.lossReason}${lostTop.competitor ? ` (${lostTop.competitor})` : ''}`
      : ''
    items.push({
      kind: 'deals_lost',
      tone: 'bad',
      text: `${plural(lost.length, 'deal')} lost (${money(total(lost))}); the largest ${lostTop.name}, ${money(lostTop.amountCents)}, ${lostTop.ownerName}${why}.`,
      link: dealLink(lostTop.id),
      ownerId: lostTop.ownerId,
      ownerName: lostTop.ownerName,
      amountCents: -total(lost),
    })
  }
  const pushedTop = pushed[0]
  if (pushedTop)
    items.push({
      kind: 'deals_pushed',
      tone: 'bad',
      text: `${plural(pushed.length, 'deal')} (${money(total(pushed))}) passed the close date still open; the largest ${pushedTop.name}, ${money(pushedTop.amountCents)} — ${pushedTop.ownerName} to give a new date.`,
      link: dealLink(pushedTop.id),
      ownerId: pushedTop.ownerId,
      ownerName: pushedTop.ownerName,
      amountCents: total(pushed),
    })
  const createdTop = created[0]
  if (createdTop)
    items.push({
      kind: 'deals_created',
      tone: 'neutral',
      text: `${plural(created.length, 'new deal')} (${money(total(created))} pipeline) this week, the largest ${createdTop.name} (${money(createdTop.amountCents)}, ${createdTop.ownerName}).`,
      link: dealLink(createdTop.id),
      ownerId: createdTop.ownerId,
      ownerName: createdTop.ownerName,
      amountCents: total(created),
    })

  const risks = pocRisks(inputs.pocs, date, opts)
  const worstPoc = risks[0]
  if (worstPoc) {
    const who = `${worstPoc.ownerName}${worstPoc.seName ? `, SE ${worstPoc.seName}` : ''}`
    items.push({
      kind: 'poc_at_risk',
      tone: 'bad',
      text:
        (risks.length === 1 ? 'POC at risk on ' : `${plural(risks.length, 'POC')} at risk; the worst is `) +
        `${worstPoc.dealName} (${who}): ${listOf(worstPoc.reasons)}.`,
      link: dealLink(worstPoc.dealId),
      ownerId: null,
      ownerName: worstPoc.ownerName,
      amountCents: null,
    })
  }

  const overdue = consumption.businessReviews.overdue
  const overdueCount = consumption.businessReviews.overdueCount
  const worst = overdue[0]
  if (worst)
    items.push({
      kind: 'reviews_overdue',
      tone: 'bad',
      text:
        overdueCount === 1
          ? `The business review at ${worst.accountName} (${money(worst.runRate30Cents)} run rate) is ${plural(worst.daysOverdue, 'day')} overdue — ${worst.ownerName ?? 'no owner'}.`
          : `${plural(overdueCount, 'business review')} overdue; the largest account is ${worst.accountName} (${money(worst.runRate30Cents)} run rate, ${plural(worst.daysOverdue, 'day')}, ${worst.ownerName ?? 'no owner'}).`,
      link: accountLink(worst.accountId),
      ownerId: worst.ownerId,
      ownerName: worst.ownerName,
      amountCents: worst.runRate30Cents,
    })

  const earned = inputs.certifications.filter((c) => c.earnedAt !== null && inWindow(c.earnedAt))
  const due = inputs.certifications.filter(
    (c) =>
      c.status === 'due' ||
      (c.expiresAt !== null && c.expiresAt >= date && dayNumber(c.expiresAt) - dayNumber(date) <= 30),
  )
  if (earned.length + due.length > 0) {
    const parts: string[] = []
    if (earned.length > 0)
      parts.push(
        `${listOf(earned.slice(0, 3).map((c) => `${c.personName} earned ${c.name}`))}${earned.length > 3 ? ` and ${earned.length - 3} more` : ''}`,
      )
    if (due.length > 0)
      parts.push(
        `${plural(due.length, 'certification')} due, ${listOf([...new Set(due.map((c) => c.personName))].slice(0, 3))} first`,
      )
    items.push({
      kind: 'certifications',
      tone: earned.length > 0 ? 'good' : 'neutral',
      text: `Certifications: ${parts.join('; ')}.`,
      link: null,
      ownerId: null,
      ownerName: null,
      amountCents: null,
    })
  }

  const direction = (t.weekChangePct ?? 0) >= 0 ? 'up' : 'down'
  const headline =
    `Consumption ${direction} ${t.weekChangePct === null ? '' : `${pct(Math.abs(t.weekChangePct)).slice(1)} `}on the week` +
    (consumption.losers[0] ? `; biggest drop ${consumption.losers[0].name}` : '') +
    (uc.wentLive.length ? `; ${plural(uc.wentLive.length, 'use case')} live` : '') +
    (won.length ? `; ${plural(won.length, 'deal')} won` : '') +
    '.'

  return {
    date,
    team: opts.team,
    eventDays: days,
    headline,
    items: trim(items, opts.maxItems),
    figures: {
      yesterdayCents: t.yesterdayCents,
      weekAgoCents: t.weekAgoCents,
      last7Cents: t.last7Cents,
      prior7Cents: t.prior7Cents,
      runRate30Cents: t.runRate30Cents,
      baselineRunRateCents: t.baselineRunRateCents,
      baselineDailyCents: t.baselineDailyCents,
      incrementalRunRateCents: t.incrementalRunRateCents,
      attainment: t.attainment,
      useCasesCreated: uc.created.length,
      useCasesLive: uc.wentLive.length,
      useCasesSlipped: uc.slipped.length,
      dealsCreated: created.length,
      dealsWon: won.length,
      dealsWonCents: total(won),
      dealsLost: lost.length,
      dealsPushed: pushed.length,
      pocsAtRisk: risks.length,
      reviewsOverdue: overdueCount,
      certificationsEarned: earned.length,
      certificationsDue: due.length,
    },
    pocsAtRisk: risks,
    daily: consumption.daily,
  }
}
