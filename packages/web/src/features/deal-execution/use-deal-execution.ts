import { useApi, type ApiState } from '../../lib/use-api'

type Ci = [number, number] | null
type Proportion = { estimate: number | null; ci95: Ci; successes: number; n: number }

/** `PocAnalysis` of @revlab/analyses as the API sends it (the fields read here). */
export type PocsView =
  | { status: 'insufficient-data'; asOf: string; reason: string }
  | {
      status: 'ok'
      asOf: string
      totals: {
        active: number
        atRisk: number
        recommendedPause: number
        recommendedStop: number
        closed: number
        won: number
      }
      active: {
        id: string
        dealId: string
        dealName: string
        seName: string
        question: string
        paid: boolean
        weeksElapsed: number
        plannedWeeks: number
        metricProgress: number | null
        commitmentShare: number | null
        flags: string[]
        atRisk: boolean
        recommendation: 'continue' | 'pause' | 'stop'
        reason: string
      }[]
      seLoad: {
        seId: string
        name: string
        activePocs: number
        timeShareInPocs: number
        atRiskPocs: number
        overloaded: boolean
      }[]
      conversion: {
        key: string
        label: string
        groupA: { label: string; winRate: Proportion }
        groupB: { label: string; winRate: Proportion }
        difference: { estimate: number | null; ci95: Ci }
        sentence: string
      }[]
    }

type Ratio = { estimate: number | null; ci95: Ci; method: string }
export type ArmComparisonView = {
  n: { control: number; variant: number }
  winRate: {
    control: Proportion
    variant: Proportion
    difference: { estimate: number | null; ci95: Ci }
    probabilityVariantBetter: number | null
  }
  daysToClose: {
    control: { medianDays: number | null; events: number; n: number }
    variant: { medianDays: number | null; events: number; n: number }
    ratioOfMedians: Ratio
    logRank: { chisq: number; pValue: number } | null
  }
  dealSize: { ratio: Ratio }
}

/** `ExperimentAnalysis` of @revlab/analyses as the API sends it (the fields read here). */
export type ExperimentsView =
  | { status: 'insufficient-data'; asOf: string; reason: string }
  | {
      status: 'ok'
      asOf: string
      experiments: {
        id: string
        name: string
        hypothesis: string
        status: string
        primaryMetric: string
        controlPlaybook: string
        variantPlaybook: string
        intentionToTreat: ArmComparisonView
        perProtocol: ArmComparisonView & { excluded: number }
        bySegment: { segment: string; intentionToTreat: ArmComparisonView }[]
        byAeType: { aeType: string; intentionToTreat: ArmComparisonView }[]
        sampleSize: {
          neededPerArm: number | null
          unit: string
          current: { control: number; variant: number }
          weeksToGo: number | null
          reached: boolean
          basis: string
        }
        warnings: string[]
      }[]
    }

async function load<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', signal })
  const body = (await res.json()) as T | { error: { message: string; hint?: string } }
  if (!res.ok || (typeof body === 'object' && body !== null && 'error' in body)) {
    const err = (body as { error?: { message: string; hint?: string } }).error
    throw new Error(err ? `${err.message}${err.hint ? ` — ${err.hint}` : ''}` : `HTTP ${res.status}`)
  }
  return body as T
}

export function usePocs(): ApiState<PocsView> {
  return useApi('pocs', (signal) => load<PocsView>('/api/v1/pocs', signal))
}

export function useExperiments(): ApiState<ExperimentsView> {
  return useApi('experiments', (signal) => load<ExperimentsView>('/api/v1/experiments', signal))
}
