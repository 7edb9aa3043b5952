import { apiRequest } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

/** The deal-health shapes of @revlab/analyses as the API sends them (the fields read here). */
type ExitCriteriaStatus = {
  stageKey: string
  stageName: string
  criteria: { key: string; label: string; known: boolean; value: string | null; observedAt: string | null }[]
  missing: string[]
  skipped: { stageName: string; missing: string[] }[]
}
type StakeholderGap = { code: string; severity: 'high' | 'medium'; message: string }
export type ScoreFactor = {
  key: string
  label: string
  value: number
  display: string
  coefficient: number
  effect: number
  explanation: string
}
type DealScore = {
  probability: number
  factors: ScoreFactor[]
  topActivities: { type: string; occurredAt: string; seniority: string | null; weight: number }[]
  sentence: string
}
export type CalibrationSummary = {
  n: number
  wins: number
  folds: number
  brier: number
  brierBaseRate: number
  auc: number | null
  aucActivityCount: number | null
  aucWeightedActivity: number | null
  bins: {
    lo: number
    hi: number
    n: number
    meanPredicted: number
    observedRate: number
    observedCi95: [number, number]
  }[]
  sentence: string
}
type RepCoaching = {
  repId: string
  repName: string
  deals: { open: number; won: number; lost: number; winRate: number | null }
  teamWinRate: number | null
  signalGaps: {
    stageName: string
    signal: string
    label: string
    winners: number
    rep: number
    repDeals: number
  }[]
  roleGaps: { role: string; winners: number; rep: number; repDeals: number }[]
  nextSteps: { dealId: string; dealName: string; stageName: string; steps: string[] }[]
  summary: string
}

export type DealExecutionView = {
  dealId: string
  asOf: string
  exitCriteria: ExitCriteriaStatus | null
  stakeholderGaps: StakeholderGap[]
  score: DealScore | null
  model:
    | { status: 'ok'; n: number; baseRate: number; calibration: CalibrationSummary }
    | { status: 'insufficient-data'; reason: string }
}

export function useDealExecution(dealId: string, version: number): ApiState<DealExecutionView> {
  return useApi(`deal-execution:${dealId}:${version}`, (signal) =>
    apiRequest<DealExecutionView>(`/api/v1/deals/${encodeURIComponent(dealId)}/execution`, { signal }),
  )
}

export type BoardView = {
  models: {
    id: string
    name: string
    columns: {
      stageKey: string
      stageName: string
      exitCriteria: string[]
      count: number
      amountCents: number
      deals: {
        id: string
        name: string
        accountName: string
        ownerName: string
        amountCents: number
        currency: string
        closeDate: string
      }[]
    }[]
  }[]
}

export function useBoard(): ApiState<BoardView> {
  return useApi('pipeline-board', (signal) => apiRequest<BoardView>('/api/v1/pipeline-board', { signal }))
}

export type CoachingView = {
  reps: { id: string; name: string; deals: number }[]
  coaching: RepCoaching | null
}

export function useCoaching(repId: string | null): ApiState<CoachingView> {
  return useApi(`coaching:${repId ?? ''}`, (signal) =>
    apiRequest<CoachingView>(`/api/v1/coaching${repId ? `?repId=${encodeURIComponent(repId)}` : ''}`, {
      signal,
    }),
  )
}
