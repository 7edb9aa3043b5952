/**
 * The HTTP API and, when the web app is built, the web app itself: one
 * server, one origin, so the session cookie and CSRF token just work.
 */
import fs from 'node:fs'
import path from 'node:path'
import { OpenAPIHono } from '@hono/zod-openapi'
import { serveStatic } from '@hono/node-server/serve-static'
import { RevlabError } from '@revlab/domain'
import type { Store } from '@revlab/db'
import type { AppEnv } from './app-env.js'
import { createLoginThrottle } from './auth/login-throttle.js'
import { renderError } from './errors.js'
import { authRoutes } from './routes/auth.js'
import { dealRoutes } from './routes/deals.js'
import { healthRoutes } from './routes/health.js'
import { pipelineRoutes } from './routes/pipeline.js'
import { tokenRoutes } from './routes/tokens.js'
import { briefRoutes } from './routes/brief.js'
import { exceptionRoutes } from './routes/exceptions.js'
import { askRoutes } from './routes/ask.js'
import { winPatternRoutes } from './routes/win-patterns.js'
import { forecastRoutes } from './routes/forecast.js'
import { callRoutes } from './routes/calls.js'
import { importRoutes } from './routes/imports.js'
import { dealExecutionRoutes } from './routes/deal-execution.js'
import { consumptionRoutes } from './routes/consumption.js'
import { enablementRoutes } from './routes/enablement.js'
import { dealEditRoutes } from './routes/deal-edits.js'
import { pocEditRoutes } from './routes/poc-edits.js'
import { experimentEditRoutes } from './routes/experiment-edits.js'
import { catalogueRoutes } from './routes/catalogue.js'
import { dealHealthRoutes } from './routes/deal-health.js'

export type AppOptions = {
  store: Store
  /** The clock; tests pass a fixed one. */
  now?: () => Date
  /** The built web app (packages/web/dist); omitted, only the API is served. */
  webDist?: string
}

export function createApp(options: AppOptions) {
  const now = options.now ?? (() => new Date())
  const loginThrottle = createLoginThrottle()
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', async (c, next) => {
    c.set('store', options.store)
    c.set('now', now)
    c.set('loginThrottle', loginThrottle)
    await next()
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
  })
  app.onError(renderError)

  app.route('/api', healthRoutes)
  app.route('/api/auth', authRoutes)
  app.route('/api/v1/tokens', tokenRoutes)
  app.route('/api/v1/deals', dealRoutes)
  app.route('/api/v1/deals', dealEditRoutes)
  app.route('/api/v1', pocEditRoutes)
  app.route('/api/v1', experimentEditRoutes)
  app.route('/api/v1', catalogueRoutes)
  app.route('/api/v1', dealHealthRoutes)
  app.route('/api/v1/pipeline', pipelineRoutes)
  app.route('/api/v1', briefRoutes)
  app.route('/api/v1', exceptionRoutes)
  app.route('/api/v1', askRoutes)
  app.route('/api/v1/analyses', winPatternRoutes)
  app.route('/api/v1/analyses', forecastRoutes)
  app.route('/api/v1/calls', callRoutes)
  app.route('/api/v1/imports', importRoutes)
  app.route('/api/v1', dealExecutionRoutes)
  app.route('/api/v1', consumptionRoutes)
  app.route('/api/v1', enablementRoutes)
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Revlab API',
      version: '1',
      description: 'The revenue learning system. Money is in integer cents; rates are fractions 0-1.',
    },
  })
  app.all('/api/*', (c) => {
    throw new RevlabError('NOT_FOUND', `no API route ${c.req.method} ${c.req.path}`, {
      hint: 'see /api/openapi.json',
    })
  })

  const webDist = options.webDist
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    const root = path.relative(process.cwd(), webDist) || '.'
    const indexHtml = fs.readFileSync(path.join(webDist, 'index.html'), 'utf8')
    app.use('/assets/*', serveStatic({ root }))
    app.use('/favicon.svg', serveStatic({ root }))
    // Every other path is a page of the single-page app.
    app.get('*', (c) => c.html(indexHtml))
  }
  return app
}

export type RevlabApp = ReturnType<typeof createApp>
