import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createUser, migrateToLatest, openStore, type Store } from '@revlab/db'
import { createApp, hashPassword, type RevlabApp } from '@revlab/server'
import type {
  ImportPreview,
  ImportResultResponse,
  ImportRunDetail,
  ImportRunList,
  ImportSources,
  SessionResponse,
} from '@revlab/domain'

const here = path.dirname(fileURLToPath(import.meta.url))
const importerFixtures = path.resolve(here, '../../importers/test/fixtures')
const salesforceClean = path.resolve(here, '../../importers/src/salesforce/fixtures/clean')
const NOW = new Date('2026-11-23T12:00:00Z')
const PASSWORD = 'import-test-password'

const fileOf = (file: string, name = path.basename(file)): File =>
  new File([fs.readFileSync(file)], name, { type: 'text/csv' })

describe('imports API', () => {
  let store: Store
  let app: RevlabApp
  const sessions: Record<string, { cookie: string; csrf: string }> = {}

  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-imports-api-'))
    store = await openStore({ engine: 'duckdb', path: path.join(dir, 'api.duckdb') })
    await migrateToLatest(store)
    const passwordHash = await hashPassword(PASSWORD)
    app = createApp({ store, now: () => NOW })
    for (const role of ['analyst', 'rep'] as const) {
      const email = `${role}@example.com`
      await createUser(store.db, { email, name: role, role, personId: null, passwordHash }, NOW.toISOString())
      const res = await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: PASSWORD }),
      })
      expect(res.status).toBe(200)
      const body = (await res.json()) as SessionResponse
      sessions[role] = {
        cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
        csrf: body.csrfToken ?? '',
      }
    }
  })
  afterAll(async () => store.close())

  const post = (role: string, url: string, form: FormData, headers: Record<string, string> = {}) =>
    app.request(url, {
      method: 'POST',
      body: form,
      headers: {
        cookie: sessions[role]?.cookie ?? '',
        'x-csrf-token': sessions[role]?.csrf ?? '',
        ...headers,
      },
    })
  const get = (role: string, url: string) =>
    app.request(url, { headers: { cookie: sessions[role]?.cookie ?? '' } })

  const mappedForm = (): FormData => {
    const form = new FormData()
    form.set('source', 'mapped')
    form.set('mapping', fs.readFileSync(path.join(importerFixtures, 'deals-messy.map.json'), 'utf8'))
    form.append('file', fileOf(path.join(importerFixtures, 'deals-messy.csv')))
    return form
  }

  it('lists sources and mappings for the import page', async () => {
    const res = await get('analyst', '/api/v1/imports/sources')
    expect(res.status).toBe(200)
    const body = (await res.json()) as ImportSources
    expect(body.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['mapped', 'salesforce']))
    expect(body.mappings).toEqual(expect.arrayContaining(['ibm-sales-win-loss']))
  })

  it('refuses a rep with 403 and an anonymous caller with 401', async () => {
    expect((await post('rep', '/api/v1/imports', mappedForm())).status).toBe(403)
    expect((await app.request('/api/v1/imports')).status).toBe(401)
  })

  it('previews the first rows as mapped without storing anything', async () => {
    const res = await post('analyst', '/api/v1/imports/preview', mappedForm())
    expect(res.status).toBe(200)
    const preview = (await res.json()) as ImportPreview
    expect(preview.rows).toHaveLength(9)
    expect(preview.rows.filter((r) => r.status === 'rejected').map((r) => r.row)).toEqual([4, 5, 6, 7, 8])
    expect(preview.rows[0]).toMatchObject({ status: 'ok', table: 'deals', record: { id: 'messy-deals:D-1' } })
    const runs = (await (await get('analyst', '/api/v1/imports')).json()) as ImportRunList
    expect(runs.runs).toHaveLength(0)
  })

  it('imports an upload, then lists the run and shows its rejects', async () => {
    const res = await post('analyst', '/api/v1/imports', mappedForm())
    expect(res.status).toBe(200)
    const result = (await res.json()) as ImportResultResponse
    expect(result).toMatchObject({
      status: 'committed',
      files: ['deals-messy.csv'],
      rows_read: 9,
      rejected: 5,
    })
    const runs = (await (await get('analyst', '/api/v1/imports')).json()) as ImportRunList
    expect(runs.runs[0]).toMatchObject({ id: result.run_id, rowsRead: 9, rejected: 5 })
    const detail = await get('analyst', `/api/v1/imports/${result.run_id}`)
    expect(detail.status).toBe(200)
    const body = (await detail.json()) as ImportRunDetail
    expect(body.rejects.map((r) => [r.row, r.line, r.column])).toEqual(
      result.rejects.map((r) => [r.row, r.line, r.column]),
    )
    expect((await get('analyst', '/api/v1/imports/imp_nothing')).status).toBe(404)
  })

  it('imports a Salesforce export uploaded as several files', async () => {
    const form = new FormData()
    form.set('source', 'salesforce')
    form.set('customFieldsAsSignals', 'true')
    for (const f of fs.readdirSync(salesforceClean))
      form.append('file', fileOf(path.join(salesforceClean, f)))
    const res = await post('analyst', '/api/v1/imports', form)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'committed', rows_read: 26, rejected: 0 })
  })

  it('says what is wrong with a bad form', async () => {
    const form = new FormData()
    form.set('source', 'mapped')
    form.append('file', fileOf(path.join(importerFixtures, 'deals-messy.csv')))
    const res = await post('analyst', '/api/v1/imports', form)
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { message: 'the mapped source needs a mapping' } })
    const noFile = new FormData()
    noFile.set('source', 'salesforce')
    expect((await post('analyst', '/api/v1/imports', noFile)).status).toBe(400)
  })

  it('answers 413 with a clear message over the upload limit', async () => {
    process.env.REVLAB_MAX_UPLOAD_MB = '0.001'
    try {
      const res = await post('analyst', '/api/v1/imports', mappedForm())
      expect(res.status).toBe(413)
      expect(await res.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    } finally {
      delete process.env.REVLAB_MAX_UPLOAD_MB
    }
  })
})
