import type { ReactElement } from 'react'
import type { ApiState } from '../lib/use-api'
import { ErrorBox, Loading } from './Status'

/** An analysis answers `ok` with its figures, or another status with the reason it cannot (too little data). */
type AnalysisAnswer = { status: string; reason?: string }

/**
 * An analysis page's data once it is ready, or what to show instead: the
 * spinner while it loads, the error, or the analysis's own reason when it has
 * no answer (`{ status: 'insufficient-data', reason }`).
 */
export function readyAnalysis<T extends AnalysisAnswer>(
  state: ApiState<T>,
  words: { errorTitle: string; loading: string },
): { data: Extract<T, { status: 'ok' }> } | { view: ReactElement } {
  if (state.status === 'error')
    return {
      view: (
        <main className="page">
          <ErrorBox title={words.errorTitle} error={state.error} />
        </main>
      ),
    }
  const data = state.data
  if (!data)
    return {
      view: (
        <main className="page">
          <Loading label={words.loading} />
        </main>
      ),
    }
  if (data.status !== 'ok')
    return {
      view: (
        <main className="page">
          <div className="card">{data.reason}</div>
        </main>
      ),
    }
  return { data: data as Extract<T, { status: 'ok' }> }
}
