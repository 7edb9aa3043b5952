/**
 * The one place the web app talks to the API: same origin, JSON, cookie
 * session. Mutating requests carry the CSRF token the session handed out.
 */
import type {
  CallDetail,
  CallDetailQuery,
  CallFilters,
  CallList,
  CallListQuery,
  CallTrends,
  CallTrendsQuery,
  DealDetail,
  DealFilters,
  DealList,
  DealListQuery,
  PipelineFilters,
  PipelineOverview,
  SessionResponse,
  CycleTime,
  Forecast,
  WinPatterns,
} from '@revlab/domain'

type WinPatternsQuery = { segment?: string; since?: string; curve?: string }
type CycleTimeQuery = { by?: string; asOf?: string; segment?: string }
type ForecastQuery = { asOf?: string; period?: string; team?: string }

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly hint: string | undefined

  constructor(status: number, code: string, message: string, hint?: string) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.hint = hint
  }
}

let csrfToken: string | null = null
let onUnauthorized: (() => void) | null = null

/** Called by the session hook so that any 401 from a data request signs the user out of the UI. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler
}

type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  signal?: AbortSignal
  /** Auth endpoints report 401 as a normal outcome; don't treat it as "session expired". */
  expectUnauthorized?: boolean
}

async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken

  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach the Revlab server. Is it running?')
  }

  if (res.status === 401 && !options.expectUnauthorized) onUnauthorized?.()
  if (res.status === 204) return undefined as T

  const text = await res.text()
  let json: unknown = undefined
  if (text) {
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
  }
  if (!res.ok) throw toApiError(res.status, json)
  return json as T
}

function toApiError(status: number, json: unknown): ApiError {
  if (json && typeof json === 'object' && 'error' in json) {
    const e = (json as { error: { code?: unknown; message?: unknown; hint?: unknown } }).error
    if (e && typeof e === 'object') {
      return new ApiError(
        status,
        typeof e.code === 'string' ? e.code : `HTTP_${status}`,
        typeof e.message === 'string' ? e.message : `Request failed (${status})`,
        typeof e.hint === 'string' ? e.hint : undefined,
      )
    }
  }
  return new ApiError(status, `HTTP_${status}`, `Request failed (${status})`)
}

/** Builds "?a=1&b=x", leaving out empty values so URLs stay short and cacheable. */
export function toQueryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const s = search.toString()
  return s ? `?${s}` : ''
}

export const api = {
  async login(email: string, password: string): Promise<SessionResponse> {
    const session = await request<SessionResponse>('/api/auth/login', {
      method: 'POST',
      body: { email, password },
      expectUnauthorized: true,
    })
    csrfToken = session.csrfToken
    return session
  },

  /** The current session, or null when signed out. */
  async me(): Promise<SessionResponse | null> {
    try {
      const session = await request<SessionResponse>('/api/auth/me', { expectUnauthorized: true })
      csrfToken = session.csrfToken
      return session
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null
      throw err
    }
  },

  async logout(): Promise<void> {
    try {
      await request<void>('/api/auth/logout', { method: 'POST', expectUnauthorized: true })
    } finally {
      csrfToken = null
    }
  },

  pipelineOverview(filters: PipelineFilters, signal?: AbortSignal): Promise<PipelineOverview> {
    return request(`/api/v1/pipeline/overview${toQueryString(filters)}`, { signal })
  },

  deals(query: Partial<DealListQuery>, signal?: AbortSignal): Promise<DealList> {
    return request(`/api/v1/deals${toQueryString(query)}`, { signal })
  },

  dealFilters(signal?: AbortSignal): Promise<DealFilters> {
    return request('/api/v1/deals/filters', { signal })
  },

  deal(id: string, signal?: AbortSignal): Promise<DealDetail> {
    return request(`/api/v1/deals/${encodeURIComponent(id)}`, { signal })
  },

  calls(query: Partial<CallListQuery>, signal?: AbortSignal): Promise<CallList> {
    return request(`/api/v1/calls${toQueryString(query)}`, { signal })
  },

  callFilters(signal?: AbortSignal): Promise<CallFilters> {
    return request('/api/v1/calls/filters', { signal })
  },

  call(id: string, query: Partial<CallDetailQuery>, signal?: AbortSignal): Promise<CallDetail> {
    return request(`/api/v1/calls/${encodeURIComponent(id)}${toQueryString(query)}`, { signal })
  },

  callTrends(query: Partial<CallTrendsQuery>, signal?: AbortSignal): Promise<CallTrends> {
    return request(`/api/v1/calls/trends${toQueryString(query)}`, { signal })
  },

  winPatterns(query: WinPatternsQuery, signal?: AbortSignal): Promise<WinPatterns> {
    return request(`/api/v1/analyses/win-patterns${toQueryString(query)}`, { signal })
  },

  cycleTime(query: CycleTimeQuery, signal?: AbortSignal): Promise<CycleTime> {
    return request(`/api/v1/analyses/cycle-time${toQueryString(query)}`, { signal })
  },

  forecast(query: ForecastQuery, signal?: AbortSignal): Promise<Forecast> {
    return request(`/api/v1/analyses/forecast${toQueryString(query)}`, { signal })
  },
}

/** The JSON request with the session's CSRF token, for features that keep their endpoints beside them. */
export { request as apiRequest }
