/**
 * A small demo company in a temp DuckDB file, with a login per role and the
 * API app over it: what the API tests run against (no port, no process).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createUser, loadDataset, migrateToLatest, openStore, type Engine, type Store } from '@revlab/db'
import { generateDemoCompany, type DemoCompany } from '@revlab/demo-data'
import { createApp, hashPassword, type RevlabApp } from '@revlab/server'
import { freshDatabase } from '../../db/test/engines.js'

export type DemoApp = { store: Store; app: RevlabApp; company: DemoCompany }

/** `engine` (default duckdb): run the same API tests on PostgreSQL too (see db/test/engines.ts). */
export async function openDemoApp(options: {
  seed: number
  now: Date
  asOf?: string
  engine?: Engine
}): Promise<DemoApp> {
  const asOf = options.asOf ?? options.now.toISOString().slice(0, 10)
  const store =
    options.engine && options.engine !== 'duckdb'
      ? await openStore(await freshDatabase(options.engine))
      : await openStore({
          engine: 'duckdb',
          path: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-api-')), 'demo.duckdb'),
        })
  await migrateToLatest(store)
  const company = generateDemoCompany({ scale: 'small', seed: options.seed, asOf })
  await loadDataset(store, company.dataset)
  const passwordHash = await hashPassword(company.demoPassword)
  for (const l of company.logins) {
    await createUser(
      store.db,
      { email: l.email, name: l.name, role: l.role, personId: l.personId, passwordHash },
      options.now.toISOString(),
    )
  }
  return { store, app: createApp({ store, now: () => options.now }), company }
}

/** A signed-in demo login: its session cookie and CSRF token (for writes). */
export type ApiSession = { cookie: string; csrf: string }

/** Signs in the demo company's login of `role` with the demo password. */
export async function signInAs({ app, company }: DemoApp, role: string): Promise<ApiSession> {
  const login = company.logins.find((l) => l.role === role)
  if (!login) throw new Error(`no ${role} login in the demo company`)
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: login.email, password: company.demoPassword }),
  })
  if (res.status !== 200) throw new Error(`signing in as ${role} answered ${res.status}`)
  const body = (await res.json()) as { csrfToken: string }
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: body.csrfToken }
}

export type ApiCall = (
  role: string,
  method: string,
  url: string,
  body?: unknown,
) => Promise<{ status: number; body: unknown }>

/** Signs in every role of the demo company once; the caller sends JSON requests as one of them. */
export async function callerForEveryRole(demo: DemoApp): Promise<ApiCall> {
  const sessions = new Map<string, ApiSession>()
  for (const login of demo.company.logins) sessions.set(login.role, await signInAs(demo, login.role))
  return async (role, method, url, body) => {
    const s = sessions.get(role)
    if (!s) throw new Error(`no ${role} session`)
    const res = await demo.app.request(url, {
      method,
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: res.status, body: (await res.json()) as unknown }
  }
}
