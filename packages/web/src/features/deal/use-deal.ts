import type { DealDetail } from '@revlab/domain'
import { api } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

export function useDeal(id: string): ApiState<DealDetail> {
  return useApi(`deal:${id}`, (signal) => api.deal(id, signal))
}
