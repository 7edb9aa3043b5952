/** The calls list's state lives in the URL, so a filtered list can be shared and Back works. */
export const CALLS_PAGE_SIZE = 25

export type CallsView = {
  ownerId: string
  dealId: string
  accountId: string
  from: string
  to: string
  q: string
  evidence: string
  page: number
}

const KEYS = ['ownerId', 'dealId', 'accountId', 'from', 'to', 'q', 'evidence'] as const

export function readCallsView(search: URLSearchParams): CallsView {
  const page = Number(search.get('page') ?? '1')
  const text = (key: (typeof KEYS)[number]): string => search.get(key) ?? ''
  return {
    ownerId: text('ownerId'),
    dealId: text('dealId'),
    accountId: text('accountId'),
    from: text('from'),
    to: text('to'),
    q: text('q'),
    evidence: text('evidence'),
    page: Number.isInteger(page) && page > 0 ? page : 1,
  }
}

export function callsViewToUrl(view: CallsView): string {
  const search = new URLSearchParams()
  for (const key of KEYS) if (view[key]) search.set(key, view[key])
  if (view.page > 1) search.set('page', String(view.page))
  const s = search.toString()
  return s ? `/calls?${s}` : '/calls'
}

/** The API query for a view: empty filters left out. */
export function callsQuery(view: CallsView): Record<string, string | number> {
  const query: Record<string, string | number> = { page: view.page, pageSize: CALLS_PAGE_SIZE }
  for (const key of KEYS) if (view[key]) query[key] = view[key]
  return query
}

/** 75_000 ms → "1:15"; 3_725_000 → "1:02:05". */
export function formatClock(ms: number | null): string {
  if (ms === null) return ''
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

/** 1830 → "30 min"; null → "–". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–'
  if (seconds < 60) return `${Math.round(seconds)} s`
  return `${Math.round(seconds / 60)} min`
}
