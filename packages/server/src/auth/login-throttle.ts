/**
 * Slows password guessing: after `maxFailures` wrong passwords for one email
 * from one address within `windowMs`, further attempts are refused until the
 * window has passed. In memory: a team server is one process, and a restart
 * forgetting the count is acceptable.
 */
export type LoginThrottle = {
  /** Milliseconds until attempts are allowed again, or 0 if allowed now. */
  retryAfterMs(key: string, nowMs: number): number
  recordFailure(key: string, nowMs: number): void
  reset(key: string): void
}

export function createLoginThrottle(
  options: { maxFailures?: number; windowMs?: number } = {},
): LoginThrottle {
  const { maxFailures = 10, windowMs = 15 * 60_000 } = options
  const failures = new Map<string, number[]>()
  const recent = (key: string, nowMs: number): number[] => {
    const kept = (failures.get(key) ?? []).filter((t) => nowMs - t < windowMs)
    if (kept.length > 0) failures.set(key, kept)
    else failures.delete(key)
    return kept
  }
  return {
    retryAfterMs(key, nowMs) {
      const times = recent(key, nowMs)
      const oldest = times[0]
      return times.length >= maxFailures && oldest !== undefined ? windowMs - (nowMs - oldest) : 0
    },
    recordFailure(key, nowMs) {
      failures.set(key, [...recent(key, nowMs), nowMs])
    },
    reset(key) {
      failures.delete(key)
    },
  }
}
