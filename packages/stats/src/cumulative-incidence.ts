export type CumulativeIncidenceStep = {
  time: number
  nRisk: number
  /** Events of each cause at this time, in the order of `causes`. */
  events: number[]
  /** Overall survival S(t) (free of every cause). */
  survival: number
  /** Cumulative incidence of each cause at t. */
  incidence: number[]
}

export type CumulativeIncidence = { causes: number[]; steps: CumulativeIncidenceStep[] }

/**
 * Aalen-Johansen cumulative incidence with competing outcomes (as R's
 * `survfit(Surv(time, factor(status)) ~ 1)` pstate): status 0 is censored and
 * each other value is a cause; CIF_k(t) = Σ_{u ≤ t} S(u−) · d_k(u) / n(u).
 */
export function cumulativeIncidence(time: ArrayLike<number>, status: ArrayLike<number>): CumulativeIncidence {
  const n = time.length
  const causes = [...new Set(Array.from(status).filter((s) => s !== 0))].sort((a, b) => a - b)
  const cIndex = new Map(causes.map((c, i) => [c, i]))
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (time[a] as number) - (time[b] as number),
  )
  const incidence = new Array<number>(causes.length).fill(0)
  const steps: CumulativeIncidenceStep[] = []
  let atRisk = n
  let surv = 1
  for (let pos = 0; pos < n;) {
    const t = time[order[pos] as number] as number
    const events = new Array<number>(causes.length).fill(0)
    let leaving = 0
    while (pos < n && time[order[pos] as number] === t) {
      const s = status[order[pos] as number] as number
      if (s !== 0) {
        const c = cIndex.get(s) as number
        events[c] = (events[c] as number) + 1
      }
      leaving++
      pos++
    }
    const d = events.reduce((a, b) => a + b, 0)
    for (let c = 0; c < causes.length; c++)
      incidence[c] = (incidence[c] as number) + (surv * (events[c] as number)) / atRisk
    surv *= 1 - d / atRisk
    steps.push({ time: t, nRisk: atRisk, events, survival: surv, incidence: incidence.slice() })
    atRisk -= leaving
  }
  return { causes, steps }
}

/** Cumulative incidence of `cause` at time t (right-continuous). */
export function incidenceAt(ci: CumulativeIncidence, cause: number, t: number): number {
  const c = ci.causes.indexOf(cause)
  if (c < 0) return 0
  let value = 0
  for (const step of ci.steps) {
    if (step.time > t) break
    value = step.incidence[c] as number
  }
  return value
}
