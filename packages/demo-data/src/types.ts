import type { ConsumptionStream, Dataset } from '@revlab/domain'
import type { DemoScale } from './demo-scales.js'

export type DemoOptions = {
  scale: DemoScale
  seed: number
  /** 'YYYY-MM-DD': the "today" of the demo; every date is derived from it. */
  asOf: string
}

export type DemoLogin = {
  email: string
  name: string
  role: 'admin' | 'leader' | 'manager' | 'rep' | 'analyst'
  personId: string | null
}

export type DemoCompany = {
  dataset: Dataset
  /** Daily consumption in chunks of at most 50,000 rows; each call yields the same rows again. */
  consumption: ConsumptionStream
  /** Exactly the number of rows `consumption` yields. */
  consumptionRowEstimate: number
  /** One login per role; all share `demoPassword`. */
  logins: DemoLogin[]
  demoPassword: string
}
