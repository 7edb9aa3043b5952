import type {
  CallDetail,
  CallDetailQuery,
  CallFilters,
  CallList,
  CallListQuery,
  CallTrends,
  CallTrendsQuery,
} from '@revlab/domain'
import { api } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

export function useCalls(query: Partial<CallListQuery>): ApiState<CallList> {
  return useApi(`calls:${JSON.stringify(query)}`, (signal) => api.calls(query, signal))
}

export function useCallFilters(): ApiState<CallFilters> {
  return useApi('call-filters', (signal) => api.callFilters(signal))
}

export function useCall(id: string, query: Partial<CallDetailQuery>): ApiState<CallDetail> {
  return useApi(`call:${id}:${JSON.stringify(query)}`, (signal) => api.call(id, query, signal))
}

export function useCallTrends(query: Partial<CallTrendsQuery>): ApiState<CallTrends> {
  return useApi(`call-trends:${JSON.stringify(query)}`, (signal) => api.callTrends(query, signal))
}
