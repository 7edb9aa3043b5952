import type { BusinessReview, Contact } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { Workload } from './consumption.js'
import { toIsoDate } from './dates.js'

const NOTES = [
  'Reviewed project status and spend against budget; two optimization offers accepted.',
  'Usage ahead of plan; discussed the next use case and a capacity commitment.',
  'Spend flat; agreed to review idle warehouses and schedule a training session.',
  'Executive sponsor changed; re-introduced the roadmap and renewal timeline.',
]

/** Chance a review due in the last 120 days has not been held yet. */
const RECENT_MISS = 0.1
/** Chance an older review missed its date; it was caught up 30-54 days late. */
const OLD_MISS = 0.04
const LATE_NOTE =
  'Held late after a missed date; reviewed spend against budget and reset the review calendar.'

/**
 * A business review every 90 days per consumption account, from its first
 * day of usage to the next one after asOf (scheduled). Most past reviews were
 * held within two weeks of the due date; one in ten recent ones is overdue
 * (a minority of accounts), and older misses were held late, not left open.
 */
export const generateBusinessReviews = (
  rng: Rng,
  options: { workloads: Workload[]; contactsByAccount: Map<string, Contact[]>; asOfDay: number },
): BusinessReview[] => {
  const { workloads, contactsByAccount, asOfDay } = options
  const reviews: BusinessReview[] = []
  const seen = new Set<string>()
  for (const workload of workloads) {
    if (workload.useCaseId !== null || seen.has(workload.accountId)) continue
    seen.add(workload.accountId)
    const executive = (contactsByAccount.get(workload.accountId) ?? []).find(
      (c) => c.seniority === 'c_level' || c.seniority === 'vp',
    )
    const lastDay = workload.endDay < asOfDay ? workload.endDay : asOfDay + 90
    for (let due = workload.startDay + rng.int(60, 90); due <= lastDay; due += 90) {
      const id = `br-${String(reviews.length + 1).padStart(6, '0')}`
      if (due > asOfDay) {
        reviews.push({
          id,
          accountId: workload.accountId,
          dueAt: toIsoDate(due),
          heldAt: null,
          execAttendee: null,
          status: 'scheduled',
          notes: '',
        })
        continue
      }
      const recent = asOfDay - due < 120
      const missed = rng.bernoulli(recent ? RECENT_MISS : OLD_MISS)
      const onTime = due + rng.int(-10, 14)
      // A late one draws no note (as an old miss drew none before), so later draws stay put.
      const late = missed && !recent
      const heldDay = late ? onTime + 40 : onTime
      if ((missed && recent) || heldDay > asOfDay) {
        reviews.push({
          id,
          accountId: workload.accountId,
          dueAt: toIsoDate(due),
          heldAt: null,
          execAttendee: null,
          status: 'overdue',
          notes: '',
        })
        continue
      }
      reviews.push({
        id,
        accountId: workload.accountId,
        dueAt: toIsoDate(due),
        heldAt: toIsoDate(heldDay),
        execAttendee: executive?.name ?? null,
        status: 'held',
        notes: late ? LATE_NOTE : rng.pick(NOTES),
      })
    }
  }
  return reviews
}
