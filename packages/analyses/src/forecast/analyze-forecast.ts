/**
 * The forecast: for each open deal on the as-of date, a win probability and
 * a chance of closing in the period; the period's bookings as a seeded
 * simulation (P10/P50/P90, the chance of reaching quota) in total, by team and
 * by rep; and a backtest that re-runs the same forecast on the first day of
 * each past quarter with only what was known then, against what closed and
 * against the CRM's stage-probability forecast. Pure: data in, JSON out
 * (`ForecastSchema` in packages/domain). See README.md.
 */
import {
  PERIOD_PATTERN,
  RevlabError,
  type BacktestPeriod,
  type BookingsDistribution,
  type Forecast,
  type ForecastInputs,
} from '@revlab/domain'
import { brierScore, calibrationBins, createRng, quantileSorted, deriveSeed } from '@revlab/stats'
import {
  BOOKINGS_KINDS,
  closeCurves,
  conditionalClose,
  dayNumber,
  isoDay,
  openAt,
  stageAt,
  toDealDays,
  winScorer,
  type DealDays,
} from './point-in-time.js'

export type ForecastOptions = {
  /** The forecast date (YYYY-MM-DD): only what is dated before it is known. */
  asOf: string
  /** 'YYYY-Qn'; default the quarter holding the as-of date. */
  period?: string | null
  /** Only this team's deals and quotas (the model still learns from every deal in scope). */
  team?: string | null
  replicates?: number
  seed?: number
  /** Past quarters to backtest (default 8; 0 for none). */
  backtestPeriods?: number
}

type Period = { key: string; start: number; end: number }

export function parsePeriod(key: string): Period {
  if (!PERIOD_PATTERN.test(key))
    throw new RevlabError('BAD_INPUT', `period "${key}" is not a quarter`, { hint: 'write it as 2026-Q1' })
  const year = Number(key.slice(0, 4))
  const q = Number(key.slice(6))
  const start = Math.floor(Date.UTC(year, (q - 1) * 3, 1) / 86_400_000)
  const end = Math.floor(Date.UTC(year, q * 3, 1) / 86_400_000) - 1
  return { key, start, end }
}

export const periodOf = (day: number): Period => {
  const d = new Date(day * 86_400_000)
  return parsePeriod(`${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`)
}

const previousPeriod = (p: Period): Period => periodOf(p.start - 1)

/** One open deal as forecast on a day. */
type Scored = {
  d: DealDays
  rep: number
  stage: string
  stageProbability: number
  age: number
  win: number
  close: number
  medianRemaining: number | null
}

type Context = {
  inputs: ForecastInputs
  /** Bookings deals in scope (what the model learns from). */
  all: DealDays[]
  /** Bookings deals of the team asked for (what is forecast). */
  forecastDeals: DealDays[]
  reps: { id: string; name: string; team: string }[]
  repIndex: Map<string, number>
}

/** Score the deals open at the start of `day` for closing by the end of `end`. */
function scoreOpenDeals(
  ctx: Context,
  day: number,
  end: number,
): { scored: Scored[]; model: ReturnType<typeof winScorer> } {
  const open = ctx.forecastDeals.filter((d) => openAt(d, day))
  const model = winScorer(
    ctx.inputs,
    ctx.all,
    day,
    open.map((d) => ({ deal: d, day })),
  )
  const curves = closeCurves(ctx.all, day)
  const scored = open.map((d, i): Scored => {
    const stage = stageAt(d, day)
    const age = day - d.created
    const c = conditionalClose(curves, stage.key, age, end - day + 1)
    return {
      d,
      rep: ctx.repIndex.get(d.deal.ownerId) as number,
      stage: stage.key,
      stageProbability: stage.probability,
      age,
      win: model.probabilities[i] as number,
      close: c.probability,
      medianRemaining: c.medianRemaining,
    }
  })
  return { scored, model }
}

/**
 * Won amounts per rep from deals created on or after (quarter start + offset)
 * and won by the quarter's end, in each of the last four quarters that ended
 * before `day`: the bookings the pipeline does not hold yet.
 */
function newDealHistory(ctx: Context, day: number, offset: number): Float64Array[] {
  const out: Float64Array[] = []
  let q = previousPeriod(periodOf(day))
  while (out.length < 4 && q.end < day) {
    const from = q.start + offset
    const amounts = new Float64Array(ctx.reps.length)
    let any = false
    for (const d of ctx.forecastDeals) {
      if (d.created < from || d.created > q.end || !d.deal.isWon || d.closed > q.end || d.closed < from)
        continue
      const r = ctx.repIndex.get(d.deal.ownerId) as number
      amounts[r] = (amounts[r] as number) + d.deal.amountCents
      any = true
    }
    // Quarters before the company's first deal tell nothing.
    if (!any && ctx.forecastDeals.every((d) => d.created > q.end)) break
    out.push(amounts)
    q = previousPeriod(q)
  }
  return out
}

/** Per replicate and rep, the simulated bookings: totals[replicate * reps + rep]. */
export function simulate(
  scored: readonly (Pick<Scored, 'win' | 'close' | 'rep'> & { d: { deal: { amountCents: number } } })[],
  history: readonly Float64Array[],
  reps: number,
  replicates: number,
  seed: number,
): Float64Array {
  const rng = createRng(seed)
  const totals = new Float64Array(replicates * reps)
  const p = Float64Array.from(scored, (s) => s.win * s.close)
  const amount = Float64Array.from(scored, (s) => s.d.deal.amountCents)
  const rep = Int32Array.from(scored, (s) => s.rep)
  for (let r = 0; r < replicates; r++) {
    const row = r * reps
    for (let i = 0; i < p.length; i++) {
      if (rng.next() < (p[i] as number)) {
        const at = row + (rep[i] as number)
        totals[at] = (totals[at] as number) + (amount[i] as number)
      }
    }
    if (history.length) {
      const h = history[Math.floor(rng.next() * history.length)] as Float64Array
      for (let k = 0; k < reps; k++) totals[row + k] = (totals[row + k] as number) + (h[k] as number)
    }
  }
  return totals
}

function groupDistribution(
  members: readonly number[],
  totals: Float64Array,
  reps: number,
  replicates: number,
  parts: { booked: Float64Array; pipeline: Float64Array; newDeals: Float64Array; baseline: Float64Array },
  quota: Float64Array,
  hasQuota: Uint8Array,
): BookingsDistribution {
  let booked = 0
  let pipeline = 0
  let newDeals = 0
  let baseline = 0
  let target = 0
  let carriers = 0
  let carriersBooked = 0
  for (const k of members) {
    booked += parts.booked[k] as number
    pipeline += parts.pipeline[k] as number
    newDeals += parts.newDeals[k] as number
    baseline += parts.baseline[k] as number
    if (hasQuota[k]) {
      target += quota[k] as number
      carriers++
      carriersBooked += parts.booked[k] as number
    }
  }
  const sums = new Float64Array(replicates)
  const carrierSums = new Float64Array(carriers ? replicates : 0)
  let reached = 0
  for (let r = 0; r < replicates; r++) {
    let s = booked
    let c = carriersBooked
    for (const k of members) {
      const v = totals[r * reps + k] as number
      s += v
      if (hasQuota[k]) c += v
    }
    sums[r] = s
    if (carriers) {
      carrierSums[r] = c
      if (c >= target) reached++
    }
  }
  sums.sort()
  carrierSums.sort()
  return {
    booked_cents: Math.round(booked),
    pipeline_expected_cents: Math.round(pipeline),
    new_deals_expected_cents: Math.round(newDeals),
    expected_cents: Math.round(booked + pipeline + newDeals),
    p10_cents: Math.round(quantileSorted(sums, 0.1)),
    p50_cents: Math.round(quantileSorted(sums, 0.5)),
    p90_cents: Math.round(quantileSorted(sums, 0.9)),
    stage_baseline_cents: Math.round(booked + baseline),
    target_cents: carriers ? Math.round(target) : null,
    carriers_p50_cents: carriers ? Math.round(quantileSorted(carrierSums, 0.5)) : null,
    probability_of_target: carriers ? reached / replicates : null,
  }
}

function histogram(sorted: Float64Array, bins = 30): Forecast['bookings']['histogram'] {
  if (sorted.length === 0) return []
  const lo = quantileSorted(sorted, 0.005)
  const hi = quantileSorted(sorted, 0.995)
  if (!(hi > lo)) return [{ lo_cents: Math.round(lo), hi_cents: Math.round(hi), probability: 1 }]
  const width = (hi - lo) / bins
  const counts = new Array<number>(bins).fill(0)
  for (const v of sorted) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((v - lo) / width)))
    counts[b] = (counts[b] as number) + 1
  }
  return counts.map((c, b) => ({
    lo_cents: Math.round(lo + b * width),
    hi_cents: Math.round(lo + (b + 1) * width),
    probability: c / sorted.length,
  }))
}

const money = (cents: number): string => {
  const d = cents / 100
  if (Math.abs(d) >= 1e6) return `$${(d / 1e6).toFixed(2)}M`
  if (Math.abs(d) >= 1e3) return `$${(d / 1e3).toFixed(0)}k`
  return `$${d.toFixed(0)}`
}
/** A chance in whole percent; never "0%" or "100%" for what merely rounds there. */
const pct = (x: number): string =>
  x > 0 && x < 0.005 ? 'under 1%' : x < 1 && x > 0.995 ? 'over 99%' : `${(x * 100).toFixed(0)}%`

function buildContext(inputs: ForecastInputs, team: string | null): Context {
  const teamOf = new Map(inputs.people.map((p) => [p.id, p.team]))
  if (team !== null && !inputs.people.some((p) => p.team === team))
    throw new RevlabError('BAD_INPUT', `no team "${team}"`, {
      hint: `teams: ${[...new Set(inputs.people.map((p) => p.team))].sort().join(', ')}`,
    })
  const all = inputs.deals.filter((d) => BOOKINGS_KINDS.has(d.kind)).map(toDealDays)
  const forecastDeals = team === null ? all : all.filter((d) => teamOf.get(d.deal.ownerId) === team)
  const repIds = new Set(forecastDeals.map((d) => d.deal.ownerId))
  for (const q of inputs.quotas) if (team === null || teamOf.get(q.personId) === team) repIds.add(q.personId)
  const name = new Map(inputs.people.map((p) => [p.id, p.name]))
  const reps = [...repIds].sort().map((id) => ({ id, name: name.get(id) ?? id, team: teamOf.get(id) ?? '—' }))
  return { inputs, all, forecastDeals, reps, repIndex: new Map(reps.map((r, k) => [r.id, k])) }
}

type Run = {
  scored: Scored[]
  model: ReturnType<typeof winScorer>
  totals: Float64Array
  booked: Float64Array
  pipeline: Float64Array
  newDeals: Float64Array
  baseline: Float64Array
}

/** The forecast of `period` made at the start of `day`. */
function forecastRun(ctx: Context, day: number, period: Period, replicates: number, seed: number): Run {
  const R = ctx.reps.length
  const { scored, model } = scoreOpenDeals(ctx, day, period.end)
  const history = newDealHistory(ctx, day, Math.max(0, day - period.start))
  const totals = simulate(scored, history, R, replicates, seed)
  const booked = new Float64Array(R)
  for (const d of ctx.forecastDeals) {
    if (d.deal.isWon && d.closed >= period.start && d.closed < day) {
      const r = ctx.repIndex.get(d.deal.ownerId) as number
      booked[r] = (booked[r] as number) + d.deal.amountCents
    }
  }
  const pipeline = new Float64Array(R)
  const baseline = new Float64Array(R)
  for (const s of scored) {
    pipeline[s.rep] = (pipeline[s.rep] as number) + s.win * s.close * s.d.deal.amountCents
    baseline[s.rep] = (baseline[s.rep] as number) + s.stageProbability * s.d.deal.amountCents
  }
  const newDeals = new Float64Array(R)
  for (const h of history)
    for (let k = 0; k < R; k++) newDeals[k] = (newDeals[k] as number) + (h[k] as number) / history.length
  return { scored, model, totals, booked, pipeline, newDeals, baseline }
}

export function analyzeForecast(inputs: ForecastInputs, options: ForecastOptions): Forecast {
  const team = options.team ?? null
  const replicates = options.replicates ?? 10_000
  const seed = options.seed ?? 1
  const asOfDay = dayNumber(options.asOf)
  const period = options.period ? parsePeriod(options.period) : periodOf(asOfDay)
  if (period.end < asOfDay)
    throw new RevlabError('BAD_INPUT', `period ${period.key} ended before ${options.asOf}`, {
      hint: 'forecast the quarter holding the as-of date or a later one (past quarters are in the backtest)',
    })
  const ctx = buildContext(inputs, team)
  const R = ctx.reps.length
  // The forecast starts from the later of the as-of date and the period's first day.
  const day = Math.max(asOfDay, period.start)
  const run = forecastRun(ctx, day, period, replicates, seed)
  const quota = new Float64Array(R)
  const hasQuota = new Uint8Array(R)
  for (const q of inputs.quotas) {
    const k = ctx.repIndex.get(q.personId)
    if (k === undefined || q.period !== period.key) continue
    quota[k] = (quota[k] as number) + q.amountCents
    hasQuota[k] = 1
  }
  const dist = (members: number[]): BookingsDistribution =>
    groupDistribution(members, run.totals, R, replicates, run, quota, hasQuota)
  const everyone = ctx.reps.map((_, k) => k)
  const total = dist(everyone)
  const teams = [...new Set(ctx.reps.map((r) => r.team))].sort()
  const byTeam = teams.map((t) => ({
    team: t,
    ...dist(everyone.filter((k) => (ctx.reps[k] as Context['reps'][number]).team === t)),
  }))
  const byRep = ctx.reps
    .map((r, k) => ({ person_id: r.id, name: r.name, team: r.team, ...dist([k]) }))
    .filter((r) => r.expected_cents > 0 || r.target_cents !== null)
  const totalDraws = new Float64Array(replicates)
  for (let r = 0; r < replicates; r++) {
    let s = total.booked_cents
    for (let k = 0; k < R; k++) s += run.totals[r * R + k] as number
    totalDraws[r] = s
  }
  totalDraws.sort()
  const name = new Map(ctx.reps.map((r) => [r.id, r]))
  const deals = run.scored
    .map((s) => ({
      id: s.d.deal.id,
      owner_id: s.d.deal.ownerId,
      owner_name: name.get(s.d.deal.ownerId)?.name ?? s.d.deal.ownerId,
      team: name.get(s.d.deal.ownerId)?.team ?? '—',
      kind: s.d.deal.kind,
      stage: s.stage,
      amount_cents: s.d.deal.amountCents,
      age_days: s.age,
      win_probability: s.win,
      close_in_period_probability: s.close,
      period_win_probability: s.win * s.close,
      expected_cents: Math.round(s.win * s.close * s.d.deal.amountCents),
      expected_close_date: s.medianRemaining === null ? null : isoDay(day + s.medianRemaining),
      stage_probability: s.stageProbability,
    }))
    .sort((a, b) => b.expected_cents - a.expected_cents || a.id.localeCompare(b.id))

  const backtest = runBacktest(ctx, asOfDay, options.backtestPeriods ?? 8, seed)
  const sentences: string[] = []
  sentences.push(
    `${period.key} bookings forecast as of ${isoDay(day)}: P50 ${money(total.p50_cents)} (80% range ${money(total.p10_cents)}–${money(total.p90_cents)}), of which ${money(total.booked_cents)} already booked, ${money(total.pipeline_expected_cents)} expected from ${run.scored.length} open deals and ${money(total.new_deals_expected_cents)} from deals not yet created.`,
  )
  if (
    total.target_cents !== null &&
    total.probability_of_target !== null &&
    total.carriers_p50_cents !== null
  )
    sentences.push(
      `The quota carriers' target is ${money(total.target_cents)}; their own bookings are forecast at ${money(total.carriers_p50_cents)} (P50): ${pct(total.probability_of_target)} chance of reaching it.`,
    )
  sentences.push(
    `The CRM's stage-probability forecast says ${money(total.stage_baseline_cents)} (booked + stage probability × amount over the open pipeline, whenever it closes).`,
  )
  sentences.push(backtest.summary.verdict)
  return {
    as_of: options.asOf,
    period: { key: period.key, start: isoDay(period.start), end: isoDay(period.end) },
    team,
    method: {
      win_model: run.model.note,
      survival:
        'Kaplan-Meier of the days from a snapshot (first day of each of the 15 months before) to close, won or lost, over the deals open then, still-open deals censored; one curve per stage and age band (0-59, 60-179, 180+ days open), falling back to the stage, then to all, below 50 snapshots. P(close in period) = 1 − S(days left in the period).',
      simulation: `${replicates} seeded replicates: each open deal is won in the period with P(win) × P(close in period); deals not yet created add the bookings of the same part of one of the last four quarters, drawn at random.`,
      baseline:
        "The CRM's forecast: the stage's default probability × amount, summed over the pipeline open on the day (with what is already booked).",
      replicates,
      seed,
    },
    model: {
      status: run.model.status,
      training_rows: run.model.trainingRows,
      training_deals: run.model.trainingDeals,
      snapshots: run.model.snapshots,
      note: run.model.note,
    },
    open_deals: run.scored.length,
    deals,
    bookings: { total, by_team: byTeam, by_rep: byRep, histogram: histogram(totalDraws) },
    backtest,
    sentences,
  }
}

function runBacktest(ctx: Context, asOfDay: number, count: number, seed: number): Forecast['backtest'] {
  const periods: BacktestPeriod[] = []
  const ys: number[] = []
  const model: number[] = []
  const baseline: number[] = []
  const firstCreated = ctx.all.reduce((m, d) => Math.min(m, d.created), Infinity)
  let q = previousPeriod(periodOf(asOfDay))
  const R = ctx.reps.length
  const replicates = 2000
  for (let k = 0; k < count && q.end < asOfDay && q.start > firstCreated; k++, q = previousPeriod(q)) {
    const run = forecastRun(ctx, q.start, q, replicates, deriveSeed(seed, q.key))
    let actual = 0
    let fromPipeline = 0
    const openIds = new Set(run.scored.map((s) => s.d.deal.id))
    for (const d of ctx.forecastDeals) {
      if (!d.deal.isWon || d.closed < q.start || d.closed > q.end) continue
      actual += d.deal.amountCents
      if (openIds.has(d.deal.id)) fromPipeline += d.deal.amountCents
    }
    const y = run.scored.map((s) => (s.d.deal.isWon && s.d.closed <= q.end ? 1 : 0))
    const pm = run.scored.map((s) => s.win * s.close)
    const pb = run.scored.map((s) => s.stageProbability)
    const sums = new Float64Array(replicates)
    for (let r = 0; r < replicates; r++) {
      let s = 0
      for (let j = 0; j < R; j++) s += run.totals[r * R + j] as number
      sums[r] = s
    }
    sums.sort()
    const pipelineExpected = run.pipeline.reduce((a, b) => a + b, 0)
    const newExpected = run.newDeals.reduce((a, b) => a + b, 0)
    const baselineExpected = run.baseline.reduce((a, b) => a + b, 0)
    const p10 = quantileSorted(sums, 0.1)
    const p90 = quantileSorted(sums, 0.9)
    const ok = run.model.status === 'ok'
    if (ok) {
      ys.push(...y)
      model.push(...pm)
      baseline.push(...pb)
    }
    periods.push({
      period: q.key,
      as_of: isoDay(q.start),
      status: run.model.status,
      note: run.model.note,
      open_deals: run.scored.length,
      actual_cents: actual,
      actual_from_pipeline_cents: fromPipeline,
      model: {
        expected_cents: Math.round(pipelineExpected + newExpected),
        pipeline_expected_cents: Math.round(pipelineExpected),
        p10_cents: Math.round(p10),
        p50_cents: Math.round(quantileSorted(sums, 0.5)),
        p90_cents: Math.round(p90),
        covered: actual >= p10 && actual <= p90,
        error_cents: Math.round(pipelineExpected + newExpected - actual),
        pipeline_error_cents: Math.round(pipelineExpected - fromPipeline),
        brier: y.length ? brierScore(y, pm) : null,
      },
      baseline: {
        expected_cents: Math.round(baselineExpected),
        error_cents: Math.round(baselineExpected - fromPipeline),
        brier: y.length ? brierScore(y, pb) : null,
      },
    })
  }
  periods.reverse()
  // Quarters without enough history for a model are named, not scored (their "forecast" would be empty).
  const skipped = periods.filter((p) => p.status !== 'ok').map((p) => p.period)
  const okPeriods = periods.filter((p) => p.status === 'ok')
  const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null)
  const modelBrier = ys.length ? brierScore(ys, model) : null
  const baselineBrier = ys.length ? brierScore(ys, baseline) : null
  const modelMae = mean(okPeriods.map((p) => Math.abs(p.model.error_cents)))
  const pipelineMae = mean(okPeriods.map((p) => Math.abs(p.model.pipeline_error_cents)))
  const baselineMae = mean(okPeriods.map((p) => Math.abs(p.baseline.error_cents)))
  const coverage = okPeriods.length
    ? okPeriods.filter((p) => p.model.covered).length / okPeriods.length
    : null
  let beats: boolean | null = null
  let verdict: string
  if (modelBrier === null || baselineBrier === null || pipelineMae === null || baselineMae === null) {
    verdict = 'No past quarter had enough history to backtest the forecast.'
  } else {
    beats = modelBrier < baselineBrier && pipelineMae < baselineMae
    const brierWord = modelBrier < baselineBrier ? 'beats' : 'does not beat'
    const errWord = pipelineMae < baselineMae ? 'beats' : 'does not beat'
    verdict =
      `Backtest over ${okPeriods.length} past quarters (each forecast on its first day with only what was known then): ` +
      `the model ${brierWord} the CRM's stage probabilities on Brier score (${modelBrier.toFixed(3)} vs ${baselineBrier.toFixed(3)}, deals won within the quarter) ` +
      `and ${errWord} them on the error of the pipeline total (mean absolute ${money(pipelineMae)} vs ${money(baselineMae)}); ` +
      `the full forecast missed the quarter's bookings by ${money(modelMae ?? 0)} on average and its P10–P90 held the actual in ${okPeriods.filter((p) => p.model.covered).length} of ${okPeriods.length} quarters.` +
      (beats ? '' : ' Where the model does not beat the baseline, trust it no more than the CRM.')
  }
  const bins = (p: number[]) =>
    calibrationBins(ys, p, 10).map((b) => ({
      lo: b.lo,
      hi: b.hi,
      n: b.n,
      mean_predicted: b.meanPredicted,
      observed_rate: b.observedRate,
      ci95: [b.observedCi95[0], b.observedCi95[1]] as [number, number],
    }))
  if (skipped.length)
    verdict += ` ${skipped.join(', ')} had too little history before ${skipped.length > 1 ? 'them' : 'it'} for a model and ${skipped.length > 1 ? 'are' : 'is'} left out.`
  return {
    periods: okPeriods,
    summary: {
      periods: okPeriods.length,
      skipped_periods: skipped,
      model_brier: modelBrier,
      baseline_brier: baselineBrier,
      model_mean_abs_error_cents: modelMae === null ? null : Math.round(modelMae),
      model_pipeline_mean_abs_error_cents: pipelineMae === null ? null : Math.round(pipelineMae),
      baseline_mean_abs_error_cents: baselineMae === null ? null : Math.round(baselineMae),
      p10_p90_coverage: coverage,
      model_beats_baseline: beats,
      verdict,
    },
    calibration: { model: bins(model), baseline: bins(baseline) },
  }
}
