import type { IsoInstant, Stage } from '@revlab/domain'
import type { ExitCriteriaStatus, HealthSignal } from './types.js'

const UNKNOWN_VALUES = new Set(['false', 'unknown', 'none', 'no', '0', ''])

/** A signal is known when its latest value (by `cutoff`) says something: not false, unknown or none. */
export function knownSignals(signals: HealthSignal[], cutoff?: IsoInstant): Map<string, HealthSignal> {
  const latest = new Map<string, HealthSignal>()
  for (const s of signals) {
    if (cutoff && s.observedAt > cutoff) continue
    const prev = latest.get(s.key)
    if (!prev || s.observedAt >= prev.observedAt) latest.set(s.key, s)
  }
  for (const [key, s] of latest) if (UNKNOWN_VALUES.has(s.value.trim().toLowerCase())) latest.delete(key)
  return latest
}

export const exitCriteriaOf = (stage: Stage): string[] => JSON.parse(stage.exitCriteria) as string[]

/** Which exit criteria of the deal's current stage are known and which are missing; and stages left without theirs. */
export function exitCriteriaStatus(
  stages: Stage[],
  stageKey: string,
  signals: HealthSignal[],
  labels: Record<string, string>,
): ExitCriteriaStatus | null {
  const ordered = [...stages].sort((a, b) => a.position - b.position)
  const current = ordered.find((s) => s.key === stageKey)
  if (!current) return null
  const known = knownSignals(signals)
  const label = (k: string) => labels[k] ?? k
  const criteria = exitCriteriaOf(current).map((key) => {
    const s = known.get(key)
    return {
      key,
      label: label(key),
      known: Boolean(s),
      value: s?.value ?? null,
      observedAt: s?.observedAt ?? null,
    }
  })
  const skipped = current.isClosed
    ? []
    : ordered
        .filter((s) => !s.isClosed && s.position < current.position)
        .map((s) => ({
          stageName: s.name,
          missing: exitCriteriaOf(s)
            .filter((k) => !known.has(k))
            .map(label),
        }))
        .filter((s) => s.missing.length > 0)
  return {
    stageKey: current.key,
    stageName: current.name,
    criteria,
    missing: criteria.filter((c) => !c.known).map((c) => c.label),
    skipped,
  }
}
