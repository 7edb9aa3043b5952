import { useApi, type ApiState } from '../../lib/use-api'

export type LinkView = {
  key: 'number' | 'pipeline' | 'activity' | 'enablement'
  question: string
  status: 'pass' | 'fail' | 'no-data'
  reached: boolean
  figure: number | null
  threshold: number
  detail: string
}

type ChainView = { cause: string; diagnosis: string; action: string; onTrack: boolean; links: LinkView[] }

/** The exception report as the API sends it (`ExceptionsAnalysis` of @revlab/analyses; the fields read here). */
export type ExceptionsView =
  | { status: 'insufficient-data'; asOf: string; reason: string }
  | {
      status: 'ok'
      asOf: string
      activityDays: number
      summary: { reps: number; onTrack: number; exceptions: number }
      reps: (ChainView & { personId: string; name: string; team: string; quotaKind: string | null })[]
      teams: (ChainView & { team: string; reps: number; repsOffTrack: number })[]
    }

async function loadExceptions(query: string, signal: AbortSignal): Promise<ExceptionsView> {
  const res = await fetch(`/api/v1/exceptions${query}`, { credentials: 'same-origin', signal })
  const body = (await res.json()) as ExceptionsView | { error: { message: string; hint?: string } }
  if (!res.ok || 'error' in body)
    throw new Error(
      'error' in body
        ? `${body.error.message}${body.error.hint ? ` — ${body.error.hint}` : ''}`
        : `HTTP ${res.status}`,
    )
  return body
}

export function useExceptions(query: string): ApiState<ExceptionsView> {
  return useApi(`exceptions:${query}`, (signal) => loadExceptions(query, signal))
}
