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

/**
 * A business review every 90 days per consumption account, from its first
 * day of usage to the next one after asOf (scheduled). Most past reviews were
 * held within two weeks of the due date; recent misses are overdue.
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
      const missed = rng.bernoulli(asOfDay - due < 120 ? 0.2 : 0.04)
      const heldDay = due + rng.int(-10, 14)
      if (missed || heldDay > asOfDay) {
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
        notes: rng.pick(NOTES),
      })
    }
  }
  return reviews
}
