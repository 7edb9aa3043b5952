import type { DealFilters, DealList, DealListQuery, PipelineFilters, PipelineOverview } from '@revlab/domain'
import { api, toQueryString } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

export function usePipelineOverview(filters: PipelineFilters): ApiState<PipelineOverview> {
  return useApi(`overview${toQueryString(filters)}`, (signal) => api.pipelineOverview(filters, signal))
}

export function useDealFilters(): ApiState<DealFilters> {
  return useApi('deal-filters', (signal) => api.dealFilters(signal))
}

export function useDeals(query: Partial<DealListQuery>): ApiState<DealList> {
  return useApi(`deals${toQueryString(query)}`, (signal) => api.deals(query, signal))
}
