import type { DealExecutionView, RepCoaching } from '@revlab/domain'
import { apiRequest } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

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
