import type { Baseline } from '@revlab/domain'
import { revenueCents, type Workload } from './consumption.js'
import { jan1, toIsoDate, yearOf } from './dates.js'

/**
 * The line snapped at the start of each fiscal year (= calendar year): the
 * trailing 30 days of revenue before Jan 1, annualized (× 365 / 30), for every
 * account consuming by then. Computed from the same per-day function the
 * consumption stream uses, so it matches the streamed rows exactly.
 */
export const computeBaselines = (
  workloads: Workload[],
  options: { asOfDay: number; historyStartDay: number },
): Baseline[] => {
  const { asOfDay, historyStartDay } = options
  const baselines: Baseline[] = []
  for (let year = yearOf(historyStartDay); year <= yearOf(asOfDay); year += 1) {
    const snapDay = jan1(year)
    if (snapDay - 30 < historyStartDay || snapDay > asOfDay) continue
    const totals = new Map<string, number>()
    for (const workload of workloads) {
      if (workload.startDay >= snapDay) continue
      let sum = totals.get(workload.accountId) ?? 0
      for (let day = snapDay - 30; day < snapDay; day += 1) {
        if (day < workload.startDay || day > workload.endDay) continue
        for (const sku of workload.skus) sum += revenueCents(workload, sku.index, day)
      }
      totals.set(workload.accountId, sum)
    }
    for (const [accountId, sum] of totals) {
      baselines.push({
        id: `baseline-${year}-${accountId}`,
        fiscalYear: year,
        accountId,
        runRateCents: Math.round((sum * 365) / 30),
        snappedAt: toIsoDate(snapDay),
      })
    }
  }
  return baselines
}
