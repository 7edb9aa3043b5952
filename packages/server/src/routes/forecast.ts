import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { ForecastQuerySchema, ForecastSchema } from '@revlab/domain'
import { loadForecastInputs, ownerScopeFor } from '@revlab/db'
import { analyzeForecast } from '@revlab/analyses'
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

/** The forecast over the deals the caller may see (a rep their own, a manager their team's). */
export const forecastRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  forecast,
  async (c) => {
    const query = c.req.valid('query')
    const asOf = query.asOf ?? c.var.now().toISOString().slice(0, 10)
    const scope = await ownerScopeFor(c.var.store.db, c.var.user)
    const inputs = await loadForecastInputs(c.var.store.db, scope)
    return c.json(
      analyzeForecast(inputs, { asOf, period: query.period ?? null, team: query.team ?? null }),
      200,
    )
  },
)
