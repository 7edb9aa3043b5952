import type { DealDetail } from '@revlab/domain'
import { daysBetween } from '../../lib/format'

export type TimelineSegment = {
  stageKey: string
  stageName: string
  enteredAt: string
  exitedAt: string | null
  /** Days from the deal's first stage entry to entering this stage. */
  startDay: number
  days: number
  current: boolean
}

/**
 * Lays the stage history out on one day axis. The stage a deal is still in has
 * no exit date: it runs to today for an open deal and to the close date for a
 * closed one, unless the server already counted its days.
 */
export function buildTimeline(detail: DealDetail, today = detail.asOf): TimelineSegment[] {
  const history = [...detail.stageHistory].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt))
  const origin = history[0]?.enteredAt
  if (!origin) return []
  return history.map((h) => {
    const end = h.exitedAt ?? (detail.deal.status === 'open' ? today : detail.deal.closeDate)
    const days = h.days ?? Math.max(0, daysBetween(h.enteredAt, end))
    return {
      stageKey: h.stageKey,
      stageName: h.stageName,
      enteredAt: h.enteredAt,
      exitedAt: h.exitedAt,
      startDay: Math.max(0, daysBetween(origin, h.enteredAt)),
      days,
      current: h.exitedAt === null,
    }
  })
}
