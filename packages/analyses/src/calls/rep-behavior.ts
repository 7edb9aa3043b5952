/** One analysed call of a rep, as stored (call_metrics joined to calls). */
export type RepCallMetrics = {
  callId: string
  ownerId: string
  ownerName: string
  team: string | null
  startedAt: string
  talkRatio: number | null
  openQuestions: number
  questions: number
}

export type BehaviorPeriod = 'week' | 'month'

export type BehaviorPoint = {
  period: string
  calls: number
  /** Mean talk ratio over calls that have one (null when none). */
  talkRatio: number | null
  openQuestionsPerCall: number
  questionsPerCall: number
}
export type BehaviorSeries = { key: string; name: string; points: BehaviorPoint[] }

export type RepBehavior = {
  status: 'ok' | 'insufficient-data'
  period: BehaviorPeriod
  team: BehaviorSeries
  reps: BehaviorSeries[]
}

/** ISO week start (Monday) or month of an ISO instant, in UTC: '2026-03-02' or '2026-03'. */
export function periodOf(iso: string, period: BehaviorPeriod): string {
  if (period === 'month') return iso.slice(0, 7)
  const day = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)))
  const weekday = (new Date(day).getUTCDay() + 6) % 7
  return new Date(day - weekday * 86_400_000).toISOString().slice(0, 10)
}

function series(
  key: string,
  name: string,
  calls: readonly RepCallMetrics[],
  period: BehaviorPeriod,
): BehaviorSeries {
  const byPeriod = new Map<string, RepCallMetrics[]>()
  for (const c of calls) {
    const p = periodOf(c.startedAt, period)
    const list = byPeriod.get(p)
    if (list === undefined) byPeriod.set(p, [c])
    else list.push(c)
  }
  const points = [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, list]): BehaviorPoint => {
      const ratios = list.flatMap((c) => (c.talkRatio === null ? [] : [c.talkRatio]))
      const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length
      return {
        period: p,
        calls: list.length,
        talkRatio: ratios.length === 0 ? null : mean(ratios),
        openQuestionsPerCall: mean(list.map((c) => c.openQuestions)),
        questionsPerCall: mean(list.map((c) => c.questions)),
      }
    })
  return { key, name, points }
}

/** Rep behaviour over time: talk ratio and questions per call, per rep and for the whole team, by week or month. */
export function analyzeRepBehavior(
  calls: readonly RepCallMetrics[],
  options: { period?: BehaviorPeriod } = {},
): RepBehavior {
  const period = options.period ?? 'month'
  const byRep = new Map<string, RepCallMetrics[]>()
  for (const c of calls) {
    const list = byRep.get(c.ownerId)
    if (list === undefined) byRep.set(c.ownerId, [c])
    else list.push(c)
  }
  const reps = [...byRep.entries()]
    .map(([id, list]) => series(id, list[0]?.ownerName ?? id, list, period))
    .sort((a, b) => a.name.localeCompare(b.name))
  return {
    status: calls.length === 0 ? 'insufficient-data' : 'ok',
    period,
    team: series('team', 'Team', calls, period),
    reps,
  }
}
