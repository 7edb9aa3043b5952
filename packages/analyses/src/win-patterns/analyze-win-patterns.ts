/**
 * Win patterns: for every signal value and every supported combination of two
 * or three, the closed deals' win rate with its Wilson interval, lift over the
 * base rate, a test against the deals without it (Benjamini-Hochberg across
 * everything tested), and the median days to close by Kaplan-Meier with open
 * deals censored at the as-of date; then a multivariable L2 logistic model
 * (winning) and Cox model (closing) that separate signals travelling together,
 * and plain sentences with n and the interval in them. See README.md.
 */
import type {
  CombinationPattern,
  DealOutcomeInputs,
  Estimate,
  EvidenceLevel,
  ModelTerm,
  SignalPattern,
  WinPatterns,
} from '@revlab/domain'
import {
  estimatePriorStrength,
  kaplanMeierFromCounts,
  fitCoxRows,
  fitLogisticRows,
  logRankTest,
  normalCdf,
  rocAuc,
  shrinkTowardBaseRate,
  toSparseRows,
  wilsonInterval,
  type KaplanMeier,
} from '@revlab/stats'
import { and, andCounts, count as countBits, countAnd, countAndWins, countPerRange } from './bitset.js'
import { ABSENT_VALUES, buildDealTable, kaplanMeierOf, type DealTable, type Item } from './deal-table.js'
import { designColumns, type DesignColumn } from './design.js'
import { count, days, describeItem, pct, pctRange, ratio } from './format.js'
import { benjaminiHochberg, twoProportionTest } from './multiple-comparisons.js'

export type WinPatternOptions = {
  /** Closed deals a value or combination needs before it is judged (default 30). */
  minSupport?: number
  /** Combinations shown (default 25); all are tested and counted. */
  maxCombinations?: number
  /** Signal key (optionally `key=value`) whose Kaplan-Meier curves to return. */
  curveFor?: string
  /** L2 penalty of the logistic and Cox models (default 1). */
  l2?: number
  segment?: string | null
  since?: string | null
}

const WILSON = 'Wilson score interval (prop.test, correct = FALSE)'

export function estimateRate(wins: number, n: number): Estimate {
  const ci = wilsonInterval(wins, n)
  return { estimate: n > 0 ? wins / n : null, ci95: ci, n, method: WILSON }
}

const evidenceOf = (n: number, q: number | null, minSupport: number): EvidenceLevel =>
  n < minSupport || q === null ? 'thin' : q < 0.01 ? 'strong' : q < 0.05 ? 'moderate' : 'inconclusive'

export function daysToClose(km: KaplanMeier): SignalPattern['days_to_close'] {
  return { median: km.median, ci95: km.medianCi95, n: km.n, events: km.events }
}

/** The entries of `values` at `idx`. */
const pick = (values: Uint8Array, idx: Int32Array): Uint8Array => {
  const out = new Uint8Array(idx.length)
  for (let r = 0; r < idx.length; r++) out[r] = values[idx[r] as number] as number
  return out
}

/**
 * Deals as bit positions in time order, closed and open apart: each item's
 * membership as two bitsets, whose counts give win rates and combinations,
 * and whose counts over each day's range of bits give the Kaplan-Meier
 * tallies (closed: events, open: censored) without a pass over every deal.
 */
type TimeOrderedBits = {
  /** Per deal, its bit position among the closed deals, or among the open ones. */
  position: Int32Array
  closedCount: number
  /** Per distinct day k, bits [starts[k], starts[k + 1]) are that day's deals. */
  closedStarts: Int32Array
  openStarts: Int32Array
}

function timeOrderedBits(table: DealTable, closedCount: number): TimeOrderedBits {
  const m = table.uniqueDays.length
  const position = new Int32Array(table.n)
  const closedStarts = new Int32Array(m + 1)
  const openStarts = new Int32Array(m + 1)
  let c = 0
  let o = 0
  for (let r = 0; r < table.n; r++) {
    const i = table.byDays[r] as number
    const k = (table.dayIndex[i] as number) + 1
    if (table.closed[i] === 1) {
      position[i] = c++
      closedStarts[k] = (closedStarts[k] as number) + 1
    } else {
      position[i] = o++
      openStarts[k] = (openStarts[k] as number) + 1
    }
  }
  for (let k = 0; k < m; k++) {
    closedStarts[k + 1] = (closedStarts[k + 1] as number) + (closedStarts[k] as number)
    openStarts[k + 1] = (openStarts[k + 1] as number) + (openStarts[k] as number)
  }
  return { position, closedCount, closedStarts, openStarts }
}

/** A 0/1 column as bitsets over the closed and the open deals, in time order (one pass in deal order). */
function timeOrderedBitsets(
  table: DealTable,
  order: TimeOrderedBits,
  flags: Uint8Array,
): { closed: Uint32Array; open: Uint32Array } {
  const closed = new Uint32Array(Math.ceil(order.closedCount / 32))
  const open = new Uint32Array(Math.ceil((table.n - order.closedCount) / 32))
  const { position } = order
  for (let i = 0; i < table.n; i++) {
    const p = position[i] as number
    const bit = (flags[i] as number) << (p & 31)
    const w = p >>> 5
    if (table.closed[i] === 1) closed[w] = (closed[w] as number) | bit
    else open[w] = (open[w] as number) | bit
  }
  return { closed, open }
}

/** Kaplan-Meier of days to close from a group's closed and open deals as time-ordered bitsets. */
function kaplanMeierOfBits(
  table: DealTable,
  order: TimeOrderedBits,
  closed: Uint32Array,
  open: Uint32Array,
): KaplanMeier {
  const m = table.uniqueDays.length
  return kaplanMeierFromCounts(
    table.uniqueDays,
    countPerRange(closed, order.closedStarts, new Float64Array(m)),
    countPerRange(open, order.openStarts, new Float64Array(m)),
  )
}

function modelTerms(
  coefficients: { name: string; estimate: number; se: number; ci95: [number, number] }[],
  columns: DesignColumn[],
  n: number,
  method: string,
  supportOf: (c: DesignColumn) => number,
  minSupport: number,
): ModelTerm[] {
  const terms = coefficients.filter((c) => c.name !== '(Intercept)')
  const p = terms.map((c) => 2 * (1 - normalCdf(Math.abs(c.estimate / c.se))))
  const q = benjaminiHochberg(p)
  return terms.map((c, i) => {
    const col = columns.find((d) => d.term === c.name) as DesignColumn
    return {
      term: c.name,
      key: col.key,
      value: col.value,
      ratio: { estimate: Math.exp(c.estimate), ci95: [Math.exp(c.ci95[0]), Math.exp(c.ci95[1])], n, method },
      p_value: p[i] as number,
      q_value: q[i] as number,
      evidence: evidenceOf(supportOf(col), q[i] as number, minSupport),
    }
  })
}

export function analyzeWinPatterns(inputs: DealOutcomeInputs, options: WinPatternOptions = {}): WinPatterns {
  const minSupport = options.minSupport ?? 30
  const maxCombinations = options.maxCombinations ?? 25
  const l2 = options.l2 ?? 1
  const table = buildDealTable(inputs)
  let C = 0
  for (let i = 0; i < table.n; i++) C += table.closed[i] as number
  const closedIdx = new Int32Array(C)
  let W = 0
  for (let i = 0, r = 0; i < table.n; i++)
    if (table.closed[i] === 1) {
      closedIdx[r++] = i
      W += table.won[i] as number
    }
  const base = estimateRate(W, C)
  const baseRate = C > 0 ? W / C : 0
  const timeOrder = timeOrderedBits(table, C)
  const winBits = timeOrderedBitsets(table, timeOrder, table.won).closed
  const bitsets = table.items.map((it) => timeOrderedBitsets(table, timeOrder, it.members))
  const itemBits = bitsets.map((b) => b.closed)
  const openBits = bitsets.map((b) => b.open)
  const counts = table.items.map((_, k) => ({
    n: countBits(itemBits[k] as Uint32Array),
    wins: countAnd(itemBits[k] as Uint32Array, winBits),
  }))

  // Single signal values.
  const tests = counts.map(({ n, wins }) => twoProportionTest(wins, n, W - wins, C - n))
  const judged = counts.map((c) => c.n >= minSupport && C - c.n >= 1)
  const qJudged = benjaminiHochberg(tests.filter((_, k) => judged[k]).map((t) => t.p))
  const qByItem = new Array<number | null>(table.items.length).fill(null)
  let qi = 0
  judged.forEach((j, k) => {
    if (j) qByItem[k] = qJudged[qi++] as number
  })
  const priorStrength = C > 0 && baseRate > 0 && baseRate < 1 ? estimatePriorStrength(counts, baseRate) : 0
  const signals: SignalPattern[] = table.items.map((it, k) => {
    const { n, wins } = counts[k] as { n: number; wins: number }
    const rate = estimateRate(wins, n)
    const shrunk = shrinkTowardBaseRate(wins, n, baseRate, priorStrength)
    const km = kaplanMeierOfBits(table, timeOrder, itemBits[k] as Uint32Array, openBits[k] as Uint32Array)
    // Deals with the value that have not closed: the censored ones.
    const open = km.n - km.events
    return {
      key: it.key,
      label: it.label,
      group: it.group,
      value: it.value,
      n,
      wins,
      open,
      win_rate: rate,
      shrunk_win_rate: {
        estimate: n > 0 || priorStrength > 0 ? shrunk.estimate : null,
        ci95: n > 0 || priorStrength > 0 ? shrunk.ci95 : null,
        n,
        method: `beta-binomial shrinkage toward the base rate, prior of ${priorStrength.toFixed(1)} deals (empirical Bayes)`,
      },
      win_rate_without: estimateRate(W - wins, C - n),
      lift:
        rate.estimate !== null && baseRate > 0
          ? {
              estimate: rate.estimate / baseRate,
              ci95: rate.ci95 ? [rate.ci95[0] / baseRate, rate.ci95[1] / baseRate] : null,
            }
          : { estimate: null, ci95: null },
      p_value: judged[k] ? (tests[k] as { p: number }).p : null,
      q_value: qByItem[k] ?? null,
      evidence: evidenceOf(n, qByItem[k] ?? null, minSupport),
      days_to_close: daysToClose(km),
    }
  })
  const evidenceRank: Record<EvidenceLevel, number> = { strong: 0, moderate: 1, inconclusive: 2, thin: 3 }
  const order = signals
    .map((s, k) => ({ s, k }))
    .sort(
      (a, b) =>
        evidenceRank[a.s.evidence] - evidenceRank[b.s.evidence] ||
        (a.s.p_value ?? 1) - (b.s.p_value ?? 1) ||
        b.s.n - a.s.n,
    )

  // Combinations of two and three positive values of different signals, with support.
  const candidates = table.items
    .map((it, k) => ({ it, k }))
    .filter(({ it, k }) => it.positive && (counts[k] as { n: number }).n >= minSupport)
  type Combo = { ks: number[]; n: number; wins: number; z: number; p: number }
  const tested: Combo[] = []
  const ab = new Uint32Array(winBits.length)
  for (let a = 0; a < candidates.length; a++) {
    const A = candidates[a] as { it: Item; k: number }
    for (let b = a + 1; b < candidates.length; b++) {
      const B = candidates[b] as { it: Item; k: number }
      if (B.it.signal === A.it.signal) continue
      const { n: n2, wins: w2 } = andCounts(
        itemBits[A.k] as Uint32Array,
        itemBits[B.k] as Uint32Array,
        winBits,
        ab,
      )
      if (n2 < minSupport) continue
      const t2 = twoProportionTest(w2, n2, W - w2, C - n2)
      tested.push({ ks: [A.k, B.k], n: n2, wins: w2, ...t2 })
      for (let c = b + 1; c < candidates.length; c++) {
        const Cc = candidates[c] as { it: Item; k: number }
        if (Cc.it.signal === A.it.signal || Cc.it.signal === B.it.signal) continue
        const packed = countAndWins(ab, itemBits[Cc.k] as Uint32Array, winBits)
        const n3 = Math.floor(packed / 67108864)
        if (n3 < minSupport) continue
        const w3 = packed - n3 * 67108864
        tested.push({ ks: [A.k, B.k, Cc.k], n: n3, wins: w3, ...twoProportionTest(w3, n3, W - w3, C - n3) })
      }
    }
  }
  const comboQ = benjaminiHochberg(tested.map((t) => t.p))
  const shownCombos = tested
    .map((t, i) => ({ t, q: comboQ[i] as number }))
    .sort((a, b) => a.t.p - b.t.p || b.t.n - a.t.n)
    .slice(0, maxCombinations)
  const combinations: CombinationPattern[] = shownCombos.map(({ t, q }) => {
    const rate = estimateRate(t.wins, t.n)
    const items = t.ks.map((k) => table.items[k] as Item)
    return {
      items: items.map((it) => ({ key: it.key, label: it.label, value: it.value })),
      n: t.n,
      wins: t.wins,
      win_rate: rate,
      lift:
        rate.estimate !== null && baseRate > 0
          ? {
              estimate: rate.estimate / baseRate,
              ci95: rate.ci95 ? [rate.ci95[0] / baseRate, rate.ci95[1] / baseRate] : null,
            }
          : { estimate: null, ci95: null },
      p_value: t.p,
      q_value: q,
      survives_correction: q < 0.05,
      evidence: evidenceOf(t.n, q, minSupport),
      days_to_close: daysToClose(
        kaplanMeierOfBits(
          table,
          timeOrder,
          t.ks.map((k) => itemBits[k] as Uint32Array).reduce(and),
          t.ks.map((k) => openBits[k] as Uint32Array).reduce(and),
        ),
      ),
    }
  })

  // Multivariable models.
  let model: WinPatterns['model'] = { logistic: null, cox: null, note: '' }
  if (C < Math.max(50, 2 * minSupport) || W < 10 || C - W < 10) {
    model.note = `Only ${count(C)} closed deals (${count(W)} won): too few for a model that separates the signals.`
  } else {
    const closedCount = new Map(table.items.map((it, k) => [it.members, (counts[k] as { n: number }).n]))
    const columns = designColumns(table, closedIdx, closedCount, 10)
    const terms = columns.map((c) => c.term)
    // One sparse design over every deal: the Cox model's rows, and the
    // logistic model's where the deal is closed.
    const rows = toSparseRows(
      columns.map((c) => c.values),
      table.n,
    )
    const supportOf = (col: DesignColumn): number => col.support
    const wonClosed = pick(table.won, closedIdx)
    const fit = fitLogisticRows(wonClosed, terms, rows, { l2, rows: closedIdx })
    const notes: string[] = []
    if (fit.status === 'ok') {
      // Linear predictors, summed as intercept then terms in column order.
      const beta = Float64Array.from(fit.coefficients, (c) => c.estimate)
      const eta = new Float64Array(C)
      for (let r = 0; r < C; r++) {
        const i = closedIdx[r] as number
        let e = beta[0] as number
        for (let k = rows.rowStart[i] as number; k < (rows.rowStart[i + 1] as number); k++)
          e += (beta[(rows.index[k] as number) + 1] as number) * (rows.value ? (rows.value[k] as number) : 1)
        eta[r] = e
      }
      model.logistic = {
        method: `logistic regression, L2 penalty ${l2} on all terms but the intercept (IRLS); Wald 95% CI; odds ratios`,
        n: C,
        l2,
        in_sample_auc: rocAuc(wonClosed, eta),
        terms: modelTerms(fit.coefficients, columns, C, 'odds ratio, Wald 95% CI', supportOf, minSupport),
      }
    } else notes.push(`logistic model not fitted: ${fit.reason}`)
    const cox = fitCoxRows(table.days, table.closed, terms, rows, {
      l2: l2 / 100,
      timeSlots: { times: table.uniqueDays, slot: table.dayIndex },
    })
    if (cox.status === 'ok') {
      model.cox = {
        method: `Cox proportional hazards of closing (won or lost), Efron ties, open deals censored at ${table.asOf}, L2 ${l2 / 100}; hazard ratios > 1 close sooner`,
        n: table.n,
        events: cox.events,
        terms: modelTerms(
          cox.coefficients,
          columns,
          table.n,
          'hazard ratio, Wald 95% CI',
          supportOf,
          minSupport,
        ),
      }
    } else notes.push(`Cox model not fitted: ${cox.reason}`)
    model = {
      ...model,
      note: notes.length
        ? notes.join('; ')
        : 'Each ratio holds the other signals fixed; terms flagged strong or moderate survive a Benjamini-Hochberg correction across the model terms.',
    }
  }

  return {
    as_of: table.asOf,
    filters: { segment: options.segment ?? null, since: options.since ?? null },
    closed_deals: C,
    open_deals: table.n - C,
    base_rate: base,
    min_support: minSupport,
    signals: order.map(({ s }) => s),
    combinations,
    combinations_tested: tested.length,
    combination_guard: `${count(tested.length)} combinations of two and three signal values with at least ${minSupport} closed deals were tested against the deals without them; q-values are Benjamini-Hochberg adjusted over all of them, and only q < 0.05 survives the correction.`,
    model,
    sentences: winPatternSentences(
      table,
      base,
      order.map(({ s }) => s),
      combinations,
      tested.length,
      comboQ.filter((q) => q < 0.05).length,
      model,
      minSupport,
    ),
    curves: options.curveFor ? curvesFor(table, options.curveFor) : null,
  }
}

function curvesFor(table: DealTable, spec: string): WinPatterns['curves'] {
  const [key, value] = spec.split('=') as [string, string | undefined]
  const item =
    table.items.find((it) => it.key === key && (value === undefined ? it.positive : it.value === value)) ??
    null
  if (!item) return null
  const points = (km: KaplanMeier): { t: number; s: number; lo: number | null; hi: number | null }[] => [
    { t: 0, s: 1, lo: 1, hi: 1 },
    ...km.steps
      .filter((s) => s.nEvent > 0)
      .map((s) => ({ t: s.time, s: s.survival, lo: s.lower, hi: s.upper })),
  ]
  const withKm = kaplanMeierOf(table, item.members)
  const withoutKm = kaplanMeierOf(
    table,
    item.members.map((m) => (m === 0 ? 1 : 0)),
  )
  const groups = Array.from(table.byDays, (i) => (item.members[i] === 1 ? 'with' : 'without'))
  const lr =
    withKm.events > 0 && withoutKm.events > 0
      ? logRankTest(
          Array.from(table.byDays, (i) => table.days[i] as number),
          Array.from(table.byDays, (i) => table.closed[i] as number),
          groups,
        )
      : null
  return {
    key: item.key,
    label: item.label,
    value: item.value,
    with: points(withKm),
    without: points(withoutKm),
    log_rank_p: lr ? lr.pValue : null,
  }
}

function winPatternSentences(
  table: DealTable,
  base: Estimate,
  signals: SignalPattern[],
  combinations: CombinationPattern[],
  testedCombinations: number,
  survivingTotal: number,
  model: WinPatterns['model'],
  minSupport: number,
): string[] {
  const out: string[] = []
  const C = base.n
  if (C < minSupport) {
    out.push(`Only ${count(C)} closed deals: not enough to tell which signals matter yet.`)
    return out
  }
  if (base.estimate !== null && base.ci95)
    out.push(
      `Across ${count(C)} closed deals the base win rate is ${pct(base.estimate)} (95% CI ${pctRange(base.ci95)}).`,
    )
  const itemOf = (s: { key: string; value: string }): { label: string; value: string; valueType: string } => {
    const def = table.signals.find((d) => d.key === s.key)
    return { label: def?.label ?? s.key, value: s.value, valueType: def?.valueType ?? 'category' }
  }
  const closeText = (d: SignalPattern['days_to_close']): string =>
    d.median === null
      ? ''
      : ` and closed in a median ${days(d.median)}${d.ci95[0] !== null && d.ci95[1] !== null ? ` (95% CI ${Math.round(d.ci95[0])}–${Math.round(d.ci95[1])})` : ''}`
  const positiveEvidence = signals.filter(
    (s) =>
      (s.evidence === 'strong' || s.evidence === 'moderate') && !ABSENT_VALUES.has(s.value.toLowerCase()),
  )
  for (const s of positiveEvidence.slice(0, 6)) {
    if (s.win_rate.estimate === null || !s.win_rate.ci95 || s.win_rate_without.estimate === null) continue
    out.push(
      `Deals with ${describeItem(itemOf(s))} won ${pct(s.win_rate.estimate)} (95% CI ${pctRange(s.win_rate.ci95)}, n=${count(s.n)}) against ${pct(s.win_rate_without.estimate)} without${closeText(s.days_to_close)}${s.evidence === 'moderate' ? '; the evidence is moderate' : ''}.`,
    )
  }
  const surviving = combinations.filter((c) => c.survives_correction)
  for (const c of surviving.slice(0, 3)) {
    if (c.win_rate.estimate === null || !c.win_rate.ci95) continue
    const names = c.items.map((it) => describeItem(itemOf(it)))
    out.push(
      `Deals with ${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''} won ${pct(c.win_rate.estimate)} (95% CI ${pctRange(c.win_rate.ci95)}, n=${count(c.n)})${closeText(c.days_to_close)}.`,
    )
  }
  out.push(
    testedCombinations === 0
      ? `No combination of two or three signals has ${minSupport} closed deals yet: not enough to tell.`
      : `${count(testedCombinations)} combinations of two and three signals were tested; ${count(survivingTotal)} hold up after correcting for that many comparisons, and the rest could be chance.`,
  )
  const logistic = model.logistic
  if (logistic) {
    const strong = logistic.terms.filter((t) => t.evidence === 'strong' || t.evidence === 'moderate')
    for (const t of strong.slice(0, 5)) {
      if (t.ratio.estimate === null || !t.ratio.ci95) continue
      out.push(
        `Holding the other signals fixed, ${t.value === '(not recorded)' ? `not recording ${itemOf(t).label}` : describeItem(itemOf(t))} multiplies the odds of winning by ${ratio(t.ratio.estimate)} (95% CI ${ratio(t.ratio.ci95[0])}–${ratio(t.ratio.ci95[1])}).`,
      )
    }
    if (strong.length === 0)
      out.push('Holding the signals fixed against each other, none clearly changes the odds of winning.')
  }
  const thin = signals.filter((s) => s.evidence === 'thin' && s.n > 0)
  for (const s of thin.slice(0, 3))
    out.push(`Only ${count(s.n)} closed deals with ${describeItem(itemOf(s))}: not enough to tell.`)
  if (thin.length > 3)
    out.push(`${thin.length - 3} more signal values have fewer than ${minSupport} closed deals.`)
  return out
}
