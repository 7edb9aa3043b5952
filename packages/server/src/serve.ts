import { serve, type ServerType } from '@hono/node-server'
import { createApp, type AppOptions } from './app.js'

export type RunningServer = { url: string; close(): Promise<void> }

/** Serves the API and web app on the port; resolves once it is listening. */
export function startServer(options: AppOptions & { port: number; host?: string }): Promise<RunningServer> {
  const app = createApp(options)
  const host = options.host ?? '0.0.0.0'
  return new Promise((resolve, reject) => {
    let server: ServerType | undefined = undefined
    server = serve({ fetch: app.fetch, port: options.port, hostname: host }, (info) => {
      resolve({
        url: `http://localhost:${info.port}`,
        close: () => new Promise((done) => server?.close(() => done())),
      })
    })
    server.once('error', reject)
  })
}
