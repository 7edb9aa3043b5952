/**
 * The imports API on both engines: uploads import in the background (202,
 * then progress: rows and bytes read, then the result), or synchronously
 * with ?wait=true; one import at a time per store (409); failed runs say
 * why in one line; stopping the server's imports mid-run rolls back; the
 * uploaded files are removed when a run ends.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countRows, createUser, migrateToLatest, openStore, type Store } from '@revlab/db'
import { createApp, hashPassword, stopImportRuns, type RevlabApp } from '@revlab/server'
import type {
  ImportJob,
  ImportPreview,
  ImportResultResponse,
  ImportRunDetail,
  ImportRunList,
  ImportSources,
  SessionResponse,
} from '@revlab/domain'
import { ENGINES, freshDatabase } from '../../db/test/engines.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const importerFixtures = path.resolve(here, '../../importers/test/fixtures')
const salesforceClean = path.resolve(here, '../../importers/src/salesforce/fixtures/clean')
const NOW = new Date('2026-11-23T12:00:00Z')
const PASSWORD = 'import-test-password'
const MESSY_MAP = fs.readFileSync(path.join(importerFixtures, 'deals-messy.map.json'), 'utf8')

const fileOf = (file: string, name = path.basename(file)): File =>
  new File([fs.readFileSync(file)], name, { type: 'text/csv' })

/** A clean deal CSV in the messy mapping's columns, big enough to take a few seconds. */
function bigCsv(rows: number, prefix: string): File {
  const lines = ['Deal Id,Rep,Customer,Result,Amount,Closed On,Competitor Type']
  for (let i = 1; i <= rows; i++)
    lines.push(
      `${prefix}-${i},Rep ${i % 25},Customer ${i % 400},${i % 3 ? 'Won' : 'Loss'},${100 + (i % 977)},2024-0${1 + (i % 9)}-1${i % 10},${['Known', 'None', 'Unknown'][i % 3]}`,
    )
  return new File([`${lines.join('\n')}\n`], `${prefix}.csv`, { type: 'text/csv' })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

// Uploads land in os.tmpdir(): point it at a folder of this file's own to see them removed.
const uploadTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-imports-api-tmp-'))
const uploadsLeft = () => fs.readdirSync(uploadTmp).filter((f) => f.startsWith('revlab-upload-'))
const BIG_ROWS = 12_000
afterAll(() => fs.rmSync(uploadTmp, { recursive: true, force: true }))

for (const engine of ENGINES) {
  describe(`${engine}: imports API`, () => {
    let store: Store
    let app: RevlabApp
    const sessions: Record<string, { cookie: string; csrf: string }> = {}
    const savedTmp = process.env.TMPDIR

    beforeAll(async () => {
      store = await openStore(await freshDatabase(engine))
      await migrateToLatest(store)
      const passwordHash = await hashPassword(PASSWORD)
      app = createApp({ store, now: () => NOW })
      for (const role of ['analyst', 'rep'] as const) {
        const email = `${role}@example.com`
        await createUser(
          store.db,
          { email, name: role, role, personId: null, passwordHash },
          NOW.toISOString(),
        )
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
      process.env.TMPDIR = uploadTmp
    })
    afterAll(async () => {
      if (savedTmp === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = savedTmp
      await store.close()
    })

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
    const progressOf = async (id: string): Promise<ImportJob> => {
      const res = await get('analyst', `/api/v1/imports/${id}/progress`)
      expect(res.status).toBe(200)
      return (await res.json()) as ImportJob
    }
    /** Polls until the job ends; returns every snapshot seen. */
    const pollToEnd = async (id: string, everyMs = 40): Promise<ImportJob[]> => {
      const seen: ImportJob[] = []
      for (;;) {
        const job = await progressOf(id)
        seen.push(job)
        if (job.status !== 'running') return seen
        await sleep(everyMs)
      }
    }
    const storedCounts = async () =>
      Object.fromEntries(Object.entries(await countRows(store)).filter(([t]) => !t.startsWith('import_')))

    const mappedForm = (file: File = fileOf(path.join(importerFixtures, 'deals-messy.csv'))): FormData => {
      const form = new FormData()
      form.set('source', 'mapped')
      form.set('mapping', MESSY_MAP)
      form.append('file', file)
      return form
    }

    it('lists sources and mappings for the import page', async () => {
      const res = await get('analyst', '/api/v1/imports/sources')
      expect(res.status).toBe(200)
      const body = (await res.json()) as ImportSources
      expect(body.sources.map((s) => s.name)).toEqual(expect.arrayContaining(['mapped', 'salesforce']))
      expect(body.mappings).toEqual(expect.arrayContaining(['ibm-sales-win-loss']))
    })

    it('describes the background import in the OpenAPI document', async () => {
      const doc = (await (await app.request('/api/openapi.json')).json()) as {
        paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
      }
      expect(Object.keys(doc.paths['/api/v1/imports/{id}/progress']?.get?.responses ?? {})).toEqual(['200'])
      expect(Object.keys(doc.paths['/api/v1/imports']?.post?.responses ?? {}).sort()).toEqual([
        '200',
        '202',
        '409',
        '413',
      ])
    })

    it('refuses a rep with 403 and an anonymous caller with 401', async () => {
      expect((await post('rep', '/api/v1/imports', mappedForm())).status).toBe(403)
      expect((await get('rep', '/api/v1/imports/job_x/progress')).status).toBe(403)
      expect((await app.request('/api/v1/imports')).status).toBe(401)
    })

    it('previews the first rows as mapped without storing anything', async () => {
      const res = await post('analyst', '/api/v1/imports/preview', mappedForm())
      expect(res.status).toBe(200)
      const preview = (await res.json()) as ImportPreview
      expect(preview.rows).toHaveLength(9)
      expect(preview.rows.filter((r) => r.status === 'rejected').map((r) => r.row)).toEqual([4, 5, 6, 7, 8])
      expect(preview.rows[0]).toMatchObject({
        status: 'ok',
        table: 'deals',
        record: { id: 'messy-deals:D-1' },
      })
      const runs = (await (await get('analyst', '/api/v1/imports')).json()) as ImportRunList
      expect(runs.runs).toHaveLength(0)
    })

    it('answers 202 at once, then the progress route gives the result; the run is listed with its rejects', async () => {
      const res = await post('analyst', '/api/v1/imports', mappedForm())
      expect(res.status).toBe(202)
      const started = (await res.json()) as ImportJob
      expect(started).toMatchObject({
        status: 'running',
        source: 'mapped',
        files: ['deals-messy.csv'],
        result: null,
        error: null,
      })
      expect(started.id).toMatch(/^job_/)
      expect(started.totalBytes).toBe(fs.statSync(path.join(importerFixtures, 'deals-messy.csv')).size)
      expect(res.headers.get('location')).toBe(`/api/v1/imports/${started.id}/progress`)

      const job = (await pollToEnd(started.id)).at(-1)
      expect(job).toMatchObject({
        status: 'committed',
        rowsRead: 9,
        bytesRead: started.totalBytes,
        error: null,
      })
      const result = job?.result as ImportResultResponse
      expect(result).toMatchObject({
        status: 'committed',
        files: ['deals-messy.csv'],
        rows_read: 9,
        rejected: 5,
      })
      expect(uploadsLeft()).toEqual([])

      const runs = (await (await get('analyst', '/api/v1/imports')).json()) as ImportRunList
      expect(runs.runs[0]).toMatchObject({ id: result.run_id, rowsRead: 9, rejected: 5 })
      const detail = await get('analyst', `/api/v1/imports/${result.run_id}`)
      expect(detail.status).toBe(200)
      const body = (await detail.json()) as ImportRunDetail
      expect(body.rejects.map((r) => [r.row, r.line, r.column])).toEqual(
        result.rejects.map((r) => [r.row, r.line, r.column]),
      )
      expect((await get('analyst', '/api/v1/imports/imp_nothing')).status).toBe(404)
      const unknown = await get('analyst', '/api/v1/imports/job_nothing/progress')
      expect(unknown.status).toBe(404)
      expect(await unknown.json()).toMatchObject({
        error: { message: 'no running or recent import job_nothing' },
      })
    })

    it('with ?wait=true answers with the result itself (a Salesforce export uploaded as several files)', async () => {
      const form = new FormData()
      form.set('source', 'salesforce')
      form.set('customFieldsAsSignals', 'true')
      for (const f of fs.readdirSync(salesforceClean))
        form.append('file', fileOf(path.join(salesforceClean, f)))
      const res = await post('analyst', '/api/v1/imports?wait=true', form)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'committed', rows_read: 26, rejected: 0 })
      expect(uploadsLeft()).toEqual([])
      expect((await post('analyst', '/api/v1/imports?wait=maybe', mappedForm())).status).toBe(400)
    })

    it('reports rows and bytes as a large file is read, and refuses a second import meanwhile with 409', async () => {
      const big = bigCsv(BIG_ROWS, 'BIG')
      const res = await post('analyst', '/api/v1/imports', mappedForm(big))
      expect(res.status).toBe(202)
      const { id } = (await res.json()) as ImportJob

      // A second upload while the first runs: refused, async or not, and nothing of it is kept.
      const again = await post('analyst', '/api/v1/imports', mappedForm())
      expect(again.status).toBe(409)
      const body = (await again.json()) as { error: { code: string; message: string; hint: string } }
      expect(body.error.code).toBe('CONFLICT')
      expect(body.error.message).toMatch(
        new RegExp(`^another import is running on this store \\(${id}: mapped, BIG.csv, \\d+ rows read\\)$`),
      )
      expect(body.error.hint).toContain(`GET /api/v1/imports/${id}/progress`)
      expect((await post('analyst', '/api/v1/imports?wait=true', mappedForm())).status).toBe(409)
      expect((await progressOf(id)).status).toBe('running')
      expect(uploadsLeft()).toHaveLength(1)

      const seen = await pollToEnd(id)
      const mid = seen.filter((j) => j.status === 'running' && j.rowsRead > 0)
      expect(mid.length).toBeGreaterThan(0)
      for (const j of mid) {
        expect(j.rowsRead).toBeLessThanOrEqual(BIG_ROWS)
        expect(j.bytesRead).toBeGreaterThan(0)
        expect(j.bytesRead).toBeLessThanOrEqual(big.size)
        expect(j.totalBytes).toBe(big.size)
      }
      const rows = seen.map((j) => j.rowsRead)
      expect(rows).toEqual([...rows].sort((a, b) => a - b))
      const elapsed = seen.map((j) => j.elapsedSeconds)
      expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b))
      const last = seen.at(-1)
      expect(last).toMatchObject({ status: 'committed', rowsRead: BIG_ROWS, bytesRead: big.size })
      expect(last?.result).toMatchObject({ rows_read: BIG_ROWS, inserted: BIG_ROWS, rejected: 0 })
      expect(last?.finishedAt).not.toBeNull()
      expect(uploadsLeft()).toEqual([])
      // Free again.
      const next = await post('analyst', '/api/v1/imports?wait=true', mappedForm())
      expect(next.status).toBe(200)
    })

    it('reports a run that fails in one line, with nothing stored; ?wait=true answers its error as before', async () => {
      const before = await storedCounts()
      const empty = new File([''], 'empty.csv', { type: 'text/csv' })
      const res = await post('analyst', '/api/v1/imports', mappedForm(empty))
      expect(res.status).toBe(202)
      const job = (await pollToEnd(((await res.json()) as ImportJob).id)).at(-1)
      expect(job?.status).toBe('failed')
      expect(job?.result).toBeNull()
      expect(job?.error?.code).toBe('BAD_INPUT')
      expect(job?.error?.message).toContain('empty.csv')
      expect(job?.error?.message).not.toContain('\n')
      const sync = await post('analyst', '/api/v1/imports?wait=true', mappedForm(empty))
      expect(sync.status).toBe(400)
      expect(await sync.json()).toMatchObject({ error: { code: 'BAD_INPUT', message: job?.error?.message } })

      const strictForm = mappedForm()
      strictForm.set('strict', 'true')
      const strict = await post('analyst', '/api/v1/imports', strictForm)
      const failed = (await pollToEnd(((await strict.json()) as ImportJob).id)).at(-1)
      expect(failed).toMatchObject({
        status: 'failed',
        result: { status: 'failed', rejected: 5, inserted: 0 },
      })
      expect(failed?.error?.message).toMatch(
        /^--strict: 5 row\(s\) rejected, the first is row 4 of deals-messy.csv/,
      )
      expect(await storedCounts()).toEqual(before)
      expect(uploadsLeft()).toEqual([])
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
      // A refused form does not hold the store's import slot.
      expect((await post('analyst', '/api/v1/imports?wait=true', mappedForm())).status).toBe(200)
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
      expect(uploadsLeft()).toEqual([])
    })

    // Last: the store's imports stay stopped afterwards.
    it('rolls a running import back when the server stops, and takes no new ones', async () => {
      const before = await storedCounts()
      // Stopped while its rows are read (rows staged; a merge already under way runs to its end).
      const res = await post('analyst', '/api/v1/imports', mappedForm(bigCsv(4 * BIG_ROWS, 'STOP')))
      expect(res.status).toBe(202)
      const { id } = (await res.json()) as ImportJob
      while ((await progressOf(id)).rowsRead === 0) await sleep(5)
      await stopImportRuns(store)
      const job = await progressOf(id)
      expect(job.status).toBe('failed')
      expect(job.error?.message).toBe(
        'the server is stopping; the import was rolled back, nothing was stored',
      )
      expect(await storedCounts()).toEqual(before)
      expect(uploadsLeft()).toEqual([])
      const refused = await post('analyst', '/api/v1/imports', mappedForm())
      expect(refused.status).toBe(409)
      expect(await refused.json()).toMatchObject({
        error: { message: 'the server is stopping; no new imports' },
      })
    })
  })
}
