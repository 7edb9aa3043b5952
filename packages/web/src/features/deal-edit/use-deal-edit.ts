import type {
  AuditEntryView,
  DealDetail,
  DealFilters,
  DealUpdate,
  SignalCapture,
  SignalDefinition,
  StakeholderAdd,
} from '@revlab/domain'
import { apiRequest } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

export type EditResult = { changed: string[]; warnings: string[]; deal: DealDetail }
export type ContactOption = { id: string; name: string; title: string; seniority: string; department: string }

const dealPath = (id: string) => `/api/v1/deals/${encodeURIComponent(id)}`

export const dealEdits = {
  update: (id: string, body: DealUpdate) => apiRequest<EditResult>(dealPath(id), { method: 'PATCH', body }),
  addSignal: (id: string, body: Partial<SignalCapture>) =>
    apiRequest<EditResult>(`${dealPath(id)}/signals`, { method: 'POST', body }),
  addStakeholder: (id: string, body: Partial<StakeholderAdd>) =>
    apiRequest<EditResult>(`${dealPath(id)}/stakeholders`, { method: 'POST', body }),
}

/** What the edit forms offer: the deal's stages, the signal catalogue, the account's contacts. */
export type EditOptions = {
  stages: DealFilters['stages']
  signals: SignalDefinition[]
  contacts: ContactOption[]
}

export function useEditOptions(dealId: string, version: number): ApiState<EditOptions> {
  return useApi(`deal-edit-options:${dealId}:${version}`, async (signal) => {
    const [filters, signals, contacts] = await Promise.all([
      apiRequest<DealFilters>('/api/v1/deals/filters', { signal }),
      apiRequest<{ data: SignalDefinition[] }>('/api/v1/signal-definitions', { signal }),
      apiRequest<{ data: ContactOption[] }>(`${dealPath(dealId)}/contacts`, { signal }),
    ])
    return { stages: filters.stages, signals: signals.data, contacts: contacts.data }
  })
}

export function useDealAudit(dealId: string, version: number): ApiState<{ data: AuditEntryView[] }> {
  return useApi(`deal-audit:${dealId}:${version}`, (signal) =>
    apiRequest<{ data: AuditEntryView[] }>(`${dealPath(dealId)}/audit`, { signal }),
  )
}
