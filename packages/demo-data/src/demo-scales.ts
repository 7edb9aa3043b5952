export type DemoScale = 'small' | 'medium' | 'large'

export type DemoScaleSizes = {
  managersPerRegion: number
  aesPerManager: number
  sesPerRegion: number
  sdrsPerRegion: number
  accounts: number
  deals: number
  /** Contacts per account, inclusive range. */
  contactsPerAccount: readonly [number, number]
  /** Days of closed-deal history ending at `asOf`. */
  historyDays: number
  /** Store calls and utterances for 1 deal in `callDealEvery` (1 = every deal); see calls.ts. */
  callDealEvery: number
  /** Activities per deal on average. */
  activitiesPerDeal: number
}

/**
 * How big each demo company is. small is for tests (well under 2 s), medium is
 * the default demo (~120 people in sales), large is the "1,000-rep company"
 * benchmark (~30 million consumption rows, streamed).
 */
export const DEMO_SCALES: Record<DemoScale, DemoScaleSizes> = {
  small: {
    managersPerRegion: 1,
    aesPerManager: 6,
    sesPerRegion: 2,
    sdrsPerRegion: 1,
    accounts: 300,
    deals: 1_500,
    contactsPerAccount: [4, 8],
    historyDays: 730,
    callDealEvery: 1,
    activitiesPerDeal: 6,
  },
  medium: {
    managersPerRegion: 3,
    aesPerManager: 5,
    sesPerRegion: 4,
    sdrsPerRegion: 2,
    accounts: 3_000,
    deals: 12_000,
    contactsPerAccount: [4, 8],
    historyDays: 730,
    callDealEvery: 1,
    activitiesPerDeal: 6,
  },
  large: {
    managersPerRegion: 20,
    aesPerManager: 10,
    sesPerRegion: 40,
    sdrsPerRegion: 30,
    accounts: 40_000,
    deals: 200_000,
    contactsPerAccount: [3, 6],
    historyDays: 730,
    callDealEvery: 10,
    activitiesPerDeal: 4,
  },
}
