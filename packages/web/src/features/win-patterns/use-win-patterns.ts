import type { WinPatterns } from '@revlab/domain'
import { api, toQueryString } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

export type WinPatternsView = { segment: string; since: string; curve: string }

export function readWinPatternsView(search: URLSearchParams): WinPatternsView {
  return {
    segment: search.get('segment') ?? '',
    since: search.get('since') ?? '',
    curve: search.get('curve') ?? '',
  }
}

export function winPatternsUrl(view: WinPatternsView): string {
  return `/win-patterns${toQueryString(view)}`
}

export function useWinPatterns(view: WinPatternsView): ApiState<WinPatterns> {
  const query = {
    segment: view.segment || undefined,
    since: view.since || undefined,
    curve: view.curve || 'exec_sponsor',
  }
  return useApi(`win-patterns${toQueryString(query)}`, (signal) => api.winPatterns(query, signal))
}
