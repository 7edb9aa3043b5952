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
  fitCox,
  fitLogistic,
  logRankTest,
  normalCdf,
  rocAuc,
  shrinkTowardBaseRate,
  wilsonInterval,
  type KaplanMeier,
} from '@revlab/stats'
import { and, countAnd, toBitset } from './bitset.js'
import { ABSENT_VALUES, buildDealTable, kaplanMeierFor, type DealTable, type Item } from './deal-table.js'
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

const kmFor = kaplanMeierFor

const pick = (values: Float64Array, idx: Int32Array): Float64Array => {
  const out = new Float64Array(idx.length)
  for (let r = 0; r < idx.length; r++) out[r] = values[idx[r] as number] as number
  return out
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
  const closedIdx = Int32Array.from(
    Array.from({ length: table.n }, (_, i) => i).filter((i) => table.closed[i] === 1),
  )
  const C = closedIdx.length
  let W = 0
  for (const i of closedIdx) W += table.won[i] as number
  const base = estimateRate(W, C)
  const baseRate = C > 0 ? W / C : 0
  const winBits = toBitset(table.won, closedIdx)
  const itemBits = table.items.map((it) => toBitset(it.members, closedIdx))
  const allBits = new Uint32Array(winBits.length).fill(0xffffffff)
  if (C % 32 !== 0) allBits[allBits.length - 1] = (1 << (C % 32)) - 1
  const counts = table.items.map((_, k) => ({
    n: countAnd(itemBits[k] as Uint32Array, allBits),
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
    let open = 0
    for (let i = 0; i < table.n; i++) if (it.members[i] === 1 && table.closed[i] === 0) open++
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
      days_to_close: daysToClose(kmFor(table, (i) => it.members[i] === 1)),
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
  for (let a = 0; a < candidates.length; a++) {
    const A = candidates[a] as { it: Item; k: number }
    for (let b = a + 1; b < candidates.length; b++) {
      const B = candidates[b] as { it: Item; k: number }
      if (B.it.signal === A.it.signal) continue
      const ab = and(itemBits[A.k] as Uint32Array, itemBits[B.k] as Uint32Array)
      const n2 = countAnd(ab, allBits)
      if (n2 < minSupport) continue
      const w2 = countAnd(ab, winBits)
      const t2 = twoProportionTest(w2, n2, W - w2, C - n2)
      tested.push({ ks: [A.k, B.k], n: n2, wins: w2, ...t2 })
      for (let c = b + 1; c < candidates.length; c++) {
        const Cc = candidates[c] as { it: Item; k: number }
        if (Cc.it.signal === A.it.signal || Cc.it.signal === B.it.signal) continue
        const n3 = countAnd(ab, itemBits[Cc.k] as Uint32Array)
        if (n3 < minSupport) continue
        const w3 = countAnd(ab, itemBits[Cc.k] as Uint32Array, winBits)
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
      days_to_close: daysToClose(kmFor(table, (i) => items.every((it) => it.members[i] === 1))),
    }
  })

  // Multivariable models.
  let model: WinPatterns['model'] = { logistic: null, cox: null, note: '' }
  if (C < Math.max(50, 2 * minSupport) || W < 10 || C - W < 10) {
    model.note = `Only ${count(C)} closed deals (${count(W)} won): too few for a model that separates the signals.`
  } else {
    const closedCount = new Map(table.items.map((it, k) => [it.members, (counts[k] as { n: number }).n]))
    const columns = designColumns(table, closedIdx, closedCount, 10)
    const support = new Map<DesignColumn, number>()
    const supportOf = (col: DesignColumn): number => {
      let c = support.get(col)
      if (c === undefined) {
        c = 0
        for (const i of closedIdx) c += col.values[i] as number
        support.set(col, c)
      }
      return c
    }
    const y = Array.from(closedIdx, (i) => table.won[i] === 1)
    const fit = fitLogistic(y, Object.fromEntries(columns.map((c) => [c.term, pick(c.values, closedIdx)])), {
      l2,
    })
    const notes: string[] = []
    if (fit.status === 'ok') {
      const beta = new Map(fit.coefficients.map((c) => [c.name, c.estimate]))
      const eta = new Float64Array(C).fill(beta.get('(Intercept)') ?? 0)
      for (const col of columns) {
        const b = beta.get(col.term) ?? 0
        closedIdx.forEach((deal, r) => {
          if (col.values[deal] !== 0) eta[r] = (eta[r] as number) + b * (col.values[deal] as number)
        })
      }
      model.logistic = {
        method: `logistic regression, L2 penalty ${l2} on all terms but the intercept (IRLS); Wald 95% CI; odds ratios`,
        n: C,
        l2,
        in_sample_auc: rocAuc(
          y.map((v) => (v ? 1 : 0)),
          eta,
        ),
        terms: modelTerms(fit.coefficients, columns, C, 'odds ratio, Wald 95% CI', supportOf, minSupport),
      }
    } else notes.push(`logistic model not fitted: ${fit.reason}`)
    const cox = fitCox(table.days, table.closed, Object.fromEntries(columns.map((c) => [c.term, c.values])), {
      l2: l2 / 100,
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
      signals,
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
  const withKm = kmFor(table, (i) => item.members[i] === 1)
  const withoutKm = kmFor(table, (i) => item.members[i] === 0)
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
