import type { Forecast } from '@revlab/domain'
import { api, toQueryString } from '../../api/client'
import { useApi, type ApiState } from '../../lib/use-api'

/** `asOf` is for looking back (and for tests on a fixed demo); the page defaults to today. */
export type ForecastView = { period: string; team: string; asOf: string }

export function readForecastView(search: URLSearchParams): ForecastView {
  return {
    period: search.get('period') ?? '',
    team: search.get('team') ?? '',
    asOf: search.get('asOf') ?? '',
  }
}

export function forecastUrl(view: ForecastView): string {
  return `/forecast${toQueryString(view)}`
}

export function useForecast(view: ForecastView): ApiState<Forecast> {
  const query = {
    period: view.period || undefined,
    team: view.team || undefined,
    asOf: view.asOf || undefined,
  }
  return useApi(`forecast${toQueryString(query)}`, (signal) => api.forecast(query, signal))
}

/** The quarter holding a day and the next three, as 'YYYY-Qn'. */
export function quartersFrom(isoDay: string, count = 4): string[] {
  let year = Number(isoDay.slice(0, 4))
  let q = Math.floor((Number(isoDay.slice(5, 7)) - 1) / 3) + 1
  const out: string[] = []
  for (let k = 0; k < count; k++) {
    out.push(`${year}-Q${q}`)
    q++
    if (q > 4) {
      q = 1
      year++
    }
  }
  return out
}
