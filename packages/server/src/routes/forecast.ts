import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { ForecastQuerySchema, ForecastSchema } from '@revlab/domain'
import { loadForecastInputs, ownerScopeFor } from '@revlab/db'
import { analyzeForecast } from '@revlab/analyses'
import { createAnalysisCache } from '../analysis-cache.js'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { validationHook } from '../validation-hook.js'

const forecast = createRoute({
  method: 'get',
  path: '/forecast',
  tags: ['analyses'],
  summary:
    "The quarter's bookings forecast (per open deal P(win) and P(close in the period); P10/P50/P90 and the chance of quota by team and rep) with a point-in-time backtest against the CRM's stage probabilities",
  middleware: [authenticate] as const,
  request: { query: ForecastQuerySchema },
  responses: {
    200: { description: 'The forecast', content: { 'application/json': { schema: ForecastSchema } } },
  },
})

/** Forecasts answered in the last ten minutes, per caller scope and question, until the data changes. */
const forecasts = createAnalysisCache({ ttlMs: 10 * 60_000, maxEntries: 32 })

/** The forecast over the deals the caller may see (a rep their own, a manager their team's). */
export const forecastRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  forecast,
  async (c) => {
    const query = c.req.valid('query')
    const asOf = query.asOf ?? c.var.now().toISOString().slice(0, 10)
    const store = c.var.store
    const scope = await ownerScopeFor(store.db, c.var.user)
    const options = { asOf, period: query.period ?? null, team: query.team ?? null }
    const result = await forecasts.get(
      store,
      JSON.stringify({ scope, ...options }),
      async () => analyzeForecast(await loadForecastInputs(store.db, scope), options),
      c.var.now().getTime(),
    )
    return c.json(result, 200)
  },
)
