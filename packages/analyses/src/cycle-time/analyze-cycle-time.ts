/**
 * Cycle time: days from creation to close (won or lost) by Kaplan-Meier, open
 * deals censored at the as-of date, overall or per value of one signal, with
 * medians and 95% intervals as R's survfit gives them (conf.type "log"), a
 * log-rank test across the values, and the chance of winning by day 30, 60,
 * 90 and 120 with losing as a competing outcome (Aalen-Johansen). See README.md.
 */
import type { CycleTime, DealOutcomeInputs, Estimate } from '@revlab/domain'
import {
  type Rng,
  createRng,
  cumulativeIncidence,
  incidenceAt,
  logRankTest,
  quantileSorted,
  type KaplanMeier,
} from '@revlab/stats'
import { buildDealTable, kaplanMeierFor, type DealTable } from '../win-patterns/deal-table.js'

export type CycleTimeOptions = {
  /** Signal key to split by. */
  by?: string | null
  /** Days at which to report the chance of having won (default 30, 60, 90, 120). */
  days?: number[]
  /** Bootstrap replicates for the interval of the cumulative win chance (default 200). */
  replicates?: number
  seed?: number
}

const KM_METHOD =
  'Kaplan-Meier, open deals censored at the as-of date; median and 95% CI as R\'s survfit (Greenwood, conf.type "log")'

export function curvePoints(km: KaplanMeier): CycleTime['groups'][number]['curve'] {
  return [
    { t: 0, s: 1, lo: 1, hi: 1 },
    ...km.steps
      .filter((s) => s.nEvent > 0)
      .map((s) => ({ t: s.time, s: s.survival, lo: s.lower, hi: s.upper })),
  ]
}

/** Per distinct day, the number of deals won, lost and still open (censored) among those included. */
export function dayCells(
  table: DealTable,
  include: (i: number) => boolean,
): { won: Float64Array; lost: Float64Array; open: Float64Array } {
  const m = table.uniqueDays.length
  const won = new Float64Array(m)
  const lost = new Float64Array(m)
  const open = new Float64Array(m)
  for (let i = 0; i < table.n; i++) {
    if (!include(i)) continue
    const k = table.dayIndex[i] as number
    if (table.closed[i] === 0) open[k] = (open[k] as number) + 1
    else if (table.won[i] === 1) won[k] = (won[k] as number) + 1
    else lost[k] = (lost[k] as number) + 1
  }
  return { won, lost, open }
}

/**
 * The Poisson bootstrap (every deal weighted by an independent Poisson(1)
 * draw, a standard stand-in for resampling with replacement) drawn per cell:
 * the summed weight of the c deals in a (day, outcome) cell is Poisson(c), so
 * one replicate costs one draw per cell, not one per deal.
 */
export function poissonCells(rng: Rng, cells: Float64Array): Float64Array {
  return cells.map((c) => (c > 0 ? rng.poisson(c) : 0))
}

/** Aalen-Johansen cumulative incidence of winning at the given days, from (possibly weighted) day cells. */
function winIncidenceAt(
  uniqueDays: Float64Array,
  won: Float64Array,
  lost: Float64Array,
  open: Float64Array,
  days: number[],
): number[] {
  let atRisk = 0
  for (let k = 0; k < uniqueDays.length; k++)
    atRisk += (won[k] as number) + (lost[k] as number) + (open[k] as number)
  let surv = 1
  let cif = 0
  const out: number[] = []
  let d = 0
  for (let k = 0; k < uniqueDays.length; k++) {
    const t = uniqueDays[k] as number
    while (d < days.length && (days[d] as number) < t) {
      out.push(cif)
      d++
    }
    const w = won[k] as number
    const l = lost[k] as number
    if (atRisk > 0) {
      cif += (surv * w) / atRisk
      surv *= 1 - (w + l) / atRisk
    }
    atRisk -= w + l + (open[k] as number)
  }
  for (; d < days.length; d++) out.push(cif)
  return out
}

function winIncidenceBootstrap(
  table: DealTable,
  include: (i: number) => boolean,
  days: number[],
  replicates: number,
  seed: number,
): [number, number][] {
  const cells = dayCells(table, include)
  const rng = createRng(seed)
  const draws = days.map(() => new Float64Array(replicates))
  for (let r = 0; r < replicates; r++) {
    const at = winIncidenceAt(
      table.uniqueDays,
      poissonCells(rng, cells.won),
      poissonCells(rng, cells.lost),
      poissonCells(rng, cells.open),
      days,
    )
    at.forEach((v, k) => ((draws[k] as Float64Array)[r] = v))
  }
  return draws.map((x) => {
    x.sort()
    return [quantileSorted(x, 0.025), quantileSorted(x, 0.975)]
  })
}

export function analyzeCycleTime(inputs: DealOutcomeInputs, options: CycleTimeOptions = {}): CycleTime {
  const table = buildDealTable(inputs)
  const by = options.by ?? null
  const days = options.days ?? [30, 60, 90, 120]
  const groupsIn: { key: string; value: string; include: (i: number) => boolean }[] = []
  if (by) {
    const si = table.signals.findIndex((s) => s.key === by)
    for (const it of table.items.filter((x) => x.key === by))
      groupsIn.push({ key: by, value: it.value, include: (i) => it.members[i] === 1 })
    const rec = si >= 0 ? table.recorded[si] : undefined
    if (rec && rec.some((r) => r === 0))
      groupsIn.push({ key: by, value: '(not recorded)', include: (i) => rec[i] === 0 })
  } else groupsIn.push({ key: 'all', value: 'all', include: () => true })

  const groups = groupsIn.map((g) => {
    const km = kaplanMeierFor(table, g.include)
    return {
      key: g.key,
      value: g.value,
      n: km.n,
      events: km.events,
      median_days: km.median,
      ci95: km.medianCi95,
      curve: curvePoints(km),
    }
  })
  let logRank: CycleTime['log_rank'] = null
  if (groupsIn.length > 1) {
    const labels = new Array<string | null>(table.n).fill(null)
    groupsIn.forEach((g) => {
      for (let i = 0; i < table.n; i++) if (labels[i] === null && g.include(i)) labels[i] = g.value
    })
    const idx = Array.from(table.byDays).filter((i) => labels[i] !== null)
    const lr = logRankTest(
      idx.map((i) => table.days[i] as number),
      idx.map((i) => table.closed[i] as number),
      idx.map((i) => labels[i] as string),
    )
    if (lr.df > 0) logRank = { chisq: lr.chisq, df: lr.df, p_value: lr.pValue }
  }

  const all = Array.from(table.byDays)
  const status = all.map((i) => (table.closed[i] === 0 ? 0 : table.won[i] === 1 ? 1 : 2))
  const ci = cumulativeIncidence(
    all.map((i) => table.days[i] as number),
    status,
  )
  const replicates = options.replicates ?? 200
  const boot =
    table.n > 0 ? winIncidenceBootstrap(table, () => true, days, replicates, options.seed ?? 1) : []
  const byDay = days.map((day, k) => {
    const won = incidenceAt(ci, 1, day)
    const lost = incidenceAt(ci, 2, day)
    const estimate: Estimate = {
      estimate: table.n > 0 ? won : null,
      ci95: boot[k] ?? null,
      n: table.n,
      method: `Aalen-Johansen, losing as a competing outcome; percentile interval from ${replicates} Poisson-bootstrap replicates`,
    }
    return { day, won: estimate, lost, still_open: 1 - won - lost }
  })

  const sentences: string[] = []
  for (const g of groups) {
    const who = g.key === 'all' ? 'Deals' : `Deals with ${g.key} = ${g.value}`
    if (g.events < 10)
      sentences.push(`${who}: only ${g.events} closed of ${g.n}: not enough to tell how long they take.`)
    else if (g.median_days === null)
      sentences.push(`${who}: fewer than half of ${g.n} deals have closed, so the median is not known yet.`)
    else
      sentences.push(
        `${who} close in a median ${Math.round(g.median_days)} days (95% CI ${g.ci95[0] === null ? '?' : Math.round(g.ci95[0])}–${g.ci95[1] === null ? 'not yet known' : Math.round(g.ci95[1])}, n=${g.n}, ${g.events} closed).`,
      )
  }
  if (logRank)
    sentences.push(
      logRank.p_value < 0.05
        ? `The values of ${by} differ in how fast deals close (log-rank p ${logRank.p_value < 0.001 ? '< 0.001' : `= ${logRank.p_value.toFixed(3)}`}).`
        : `No clear difference in how fast deals close across the values of ${by} (log-rank p = ${logRank.p_value.toFixed(2)}).`,
    )
  const d90 = byDay.find((d) => d.day === 90)
  if (d90 && d90.won.estimate !== null && d90.won.ci95)
    sentences.push(
      `A new deal has a ${Math.round(d90.won.estimate * 100)}% chance (95% CI ${Math.round(d90.won.ci95[0] * 100)}–${Math.round(d90.won.ci95[1] * 100)}%) of being won within 90 days, counting losses as a competing outcome.`,
    )

  return {
    as_of: table.asOf,
    by,
    method: KM_METHOD,
    groups,
    log_rank: logRank,
    cumulative_win: {
      method:
        'Aalen-Johansen cumulative incidence of winning, losing as a competing outcome, open deals censored',
      n: table.n,
      by_day: byDay,
    },
    sentences,
  }
}
