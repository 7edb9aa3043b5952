/**
 * The pipeline page keeps its filters in the URL, so a filtered view can be
 * shared, reloaded, and returned to with Back from a deal.
 */
import type { DealListQuery, DealStatus, PipelineFilters } from '@revlab/domain'

export const PAGE_SIZE = 25

export type SortKey = DealListQuery['sort']
export type SortOrder = DealListQuery['order']

export type PipelineView = {
  ownerId: string
  segment: string
  region: string
  status: DealStatus | ''
  stageKey: string
  q: string
  sort: SortKey
  order: SortOrder
  page: number
}

const SORTS: readonly SortKey[] = ['amount', 'closeDate', 'createdAt', 'name']
const STATUSES: readonly DealStatus[] = ['open', 'won', 'lost']

export const DEFAULT_VIEW: PipelineView = {
  ownerId: '',
  segment: '',
  region: '',
  status: '',
  stageKey: '',
  q: '',
  sort: 'closeDate',
  order: 'desc',
  page: 1,
}

export function readView(search: URLSearchParams): PipelineView {
  const sort = search.get('sort') as SortKey | null
  const status = search.get('status') as DealStatus | null
  const page = Number(search.get('page') ?? '1')
  return {
    ownerId: search.get('owner') ?? '',
    segment: search.get('segment') ?? '',
    region: search.get('region') ?? '',
    status: status && STATUSES.includes(status) ? status : '',
    stageKey: search.get('stage') ?? '',
    q: search.get('q') ?? '',
    sort: sort && SORTS.includes(sort) ? sort : DEFAULT_VIEW.sort,
    order: search.get('order') === 'asc' ? 'asc' : 'desc',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  }
}

export function viewToUrl(view: PipelineView): string {
  const params = new URLSearchParams()
  const set = (key: string, value: string, fallback: string) => {
    if (value && value !== fallback) params.set(key, value)
  }
  set('owner', view.ownerId, '')
  set('segment', view.segment, '')
  set('region', view.region, '')
  set('status', view.status, '')
  set('stage', view.stageKey, '')
  set('q', view.q, '')
  set('sort', view.sort, DEFAULT_VIEW.sort)
  set('order', view.order, DEFAULT_VIEW.order)
  set('page', String(view.page), '1')
  const s = params.toString()
  return s ? `/?${s}` : '/'
}

export function overviewFilters(view: PipelineView): PipelineFilters {
  const filters: PipelineFilters = {}
  if (view.ownerId) filters.ownerId = view.ownerId
  if (view.segment) filters.segment = view.segment
  if (view.region) filters.region = view.region
  return filters
}

export function dealQuery(view: PipelineView): Partial<DealListQuery> {
  const query: Partial<DealListQuery> = {
    ...overviewFilters(view),
    page: view.page,
    pageSize: PAGE_SIZE,
    sort: view.sort,
    order: view.order,
  }
  if (view.status) query.status = view.status
  if (view.stageKey) {
    const { stageModelId, stageKey } = parseStageFilterValue(view.stageKey)
    query.stageKey = stageKey
    if (stageModelId) query.stageModelId = stageModelId
  }
  if (view.q.trim()) query.q = view.q.trim()
  return query
}

/** The stage filter's value: `model:key` (stage keys are unique only within a model). */
export const stageFilterValue = (stageModelId: string, key: string): string => `${stageModelId}:${key}`

export function parseStageFilterValue(value: string): { stageModelId: string | null; stageKey: string } {
  const at = value.indexOf(':')
  return at < 0
    ? { stageModelId: null, stageKey: value }
    : { stageModelId: value.slice(0, at), stageKey: value.slice(at + 1) }
}
