/**
 * Timestamps parsed once per record: the panels, windows and matching read
 * the same deals and calls many times over, and Date.parse dominated.
 */
const cache = new WeakMap<object, number>()

const memo = (record: object, parse: () => number): number => {
  let ms = cache.get(record)
  if (ms === undefined) {
    ms = parse()
    cache.set(record, ms)
  }
  return ms
}

/** A deal's createdAt in ms. */
export const createdMs = (deal: { createdAt: string }): number => memo(deal, () => Date.parse(deal.createdAt))

const closeCache = new WeakMap<object, number>()
/** A deal's close date (00:00 UTC) in ms. */
export const closeMs = (deal: { closeDate: string }): number => {
  let ms = closeCache.get(deal)
  if (ms === undefined) {
    ms = Date.parse(`${deal.closeDate}T00:00:00Z`)
    closeCache.set(deal, ms)
  }
  return ms
}

/** A call's start in ms. */
export const startedMs = (call: { startedAt: string }): number => memo(call, () => Date.parse(call.startedAt))
