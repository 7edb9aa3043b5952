import { useApi, type ApiState } from '../../lib/use-api'

export type Ci = [number, number] | null
export type EventPoint = { bin: number; label: string; estimate: number; ci95: Ci; n: number }

export type ProgramView = {
  id: string
  name: string
  enrolled: number
  completed: number
  costCentsPerLearner: number | null
  rollout: {
    region: string
    firstCompletion: string
    medianCompletion: string
    completed: number
    reps: number
  }[]
}

/** `EnablementAnalysis` of @revlab/analyses as the API sends it (the fields read here). */
export type EnablementView =
  | { status: 'insufficient-data' | 'not-found'; asOf: string; reason: string; programs: ProgramView[] }
  | {
      status: 'ok'
      asOf: string
      programs: ProgramView[]
      join: {
        reps: number
        withLms: number
        withDeals: number
        withCalls: number
        matched: number
        sentence: string
        unmatched: { personId: string; name: string; region: string; reasons: string[] }[]
        orphans: {
          learningEvents: number
          callsWithoutOwner: number
          callsUnknownOwner: number
          dealsUnknownOwner: number
        }
      }
      analysis: {
        program: ProgramView
        verdictSentence: string
        behaviour: {
          behaviour: string
          label: string
          estimate: number | null
          ci95: Ci
          baseline: number | null
          calls: number
          trainedCalls: number
          verdict: string
          sentence: string
          eventStudy: EventPoint[]
        }[]
        outcomes: {
          outcomes: {
            outcome: 'winRate' | 'daysToClose' | 'logDealSize' | 'pipelineCreated'
            label: string
            staggered: { estimate: number | null; ci95: Ci; n: number }
            matched: { estimate: number | null; ci95: Ci; pairs: number }
            eventStudy: EventPoint[]
            verdict: string
            sentence: string
          }[]
          balance: {
            covariate: string
            trainedMean: number | null
            poolMean: number | null
            matchedMean: number | null
            smdBefore: number | null
            smdAfter: number | null
          }[]
          matching: { trained: number; matched: number; unmatched: number; method: string }
        }
        businessCase: {
          headline: string
          caveats: string[]
          costCents: number | null
          paybackMonths: { estimate: number | null; ci95: [number | null, number | null] | null }
          attributableCents: { estimate: number | null; ci95: Ci }
        }
      }
      behaviourToOutcome: {
        estimate: number | null
        ci95: Ci
        sentence: string
        method: string
        deals: number
      }
      design: {
        sentence: string
        options: { weeks: number; sdOfChange: number; repsPerWave: number | null; feasible: boolean }[]
      }
      content: {
        items: {
          contentId: string
          title: string
          kind: string
          learners: number
          completions: number
          byRole: Record<string, number>
          targetBehaviour: string | null
          effect: { estimate: number | null; ci95: Ci; sentence: string }
        }[]
        recommendations: {
          personId: string
          name: string
          weakestBehaviour: string
          value: number
          teamMedian: number
          contentTitle: string | null
          alreadyCompleted: boolean
        }[]
      }
      method: string[]
    }

async function load<T>(path: string, signal: AbortSignal): Promise<T> {
  const res = await fetch(path, { credentials: 'same-origin', signal })
  const body = (await res.json()) as T | { error: { message: string; hint?: string } }
  if (!res.ok || (typeof body === 'object' && body !== null && 'error' in body)) {
    const err = (body as { error?: { message: string; hint?: string } }).error
    throw new Error(err ? `${err.message}${err.hint ? ` — ${err.hint}` : ''}` : `HTTP ${res.status}`)
  }
  return body as T
}

export const enablementQuery = (program: string): string =>
  program ? `?program=${encodeURIComponent(program)}` : ''

export function useEnablement(program: string): ApiState<EnablementView> {
  return useApi(`enablement:${program}`, (signal) =>
    load<EnablementView>(`/api/v1/enablement${enablementQuery(program)}`, signal),
  )
}
