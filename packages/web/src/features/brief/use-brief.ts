import { useApi, type ApiState } from '../../lib/use-api'

/** The briefing as the API sends it (the `Brief` type of @revlab/analyses; the fields this page reads). */
export type BriefView = {
  date: string
  team: string | null
  headline: string
  items: {
    kind: string
    tone: 'good' | 'bad' | 'neutral'
    text: string
    link: string | null
    ownerName: string | null
  }[]
  figures: { baselineDailyCents: number }
  daily: { day: string; revenueCents: number }[]
}

async function loadBrief(query: string, signal: AbortSignal): Promise<BriefView> {
  const res = await fetch(`/api/v1/brief${query}`, { credentials: 'same-origin', signal })
  const body = (await res.json()) as BriefView | { error: { message: string; hint?: string } }
  if (!res.ok || 'error' in body)
    throw new Error(
      'error' in body
        ? `${body.error.message}${body.error.hint ? ` — ${body.error.hint}` : ''}`
        : `HTTP ${res.status}`,
    )
  return body
}

export function useBrief(query: string): ApiState<BriefView> {
  return useApi(`brief:${query}`, (signal) => loadBrief(query, signal))
}
