/**
 * Imports over HTTP: upload export files (multipart, field `file` once per
 * file) into the store through the same sources and runner as `revlab
 * import`, preview the first rows as mapped without committing, and list past
 * runs with their quarantined rows. Only admins, leaders and analysts import.
 *
 * An import runs in the background: POST answers 202 with a job at once and
 * GET /{id}/progress polls it (rows and bytes read, then the result); POST
 * with `?wait=true` answers with the result when done, as scripts want. One
 * import at a time per store: another one meanwhile is a 409.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { findImportRun, listImportRejects, listImportRuns, type ImportRunRecord } from '@revlab/db'
import {
  IMPORT_ROLES,
  ImportFormSchema,
  ImportJobSchema,
  ImportResultSchema,
  ImportRunDetailSchema,
  ImportRunListSchema,
  ImportSourcesSchema,
  RevlabError,
  type ImportRunItem,
} from '@revlab/domain'
import {
  getImportSource,
  importSources,
  previewImport,
  readMappingFile,
  runImport,
  shippedMappings,
} from '@revlab/importers'
import type { AppEnv } from '../app-env.js'
import { authenticate } from '../auth/authenticate.js'
import { importRunsFor, watchSource, type ImportSlot } from '../imports/import-runs.js'
import { validationHook } from '../validation-hook.js'

const DEFAULT_MAX_UPLOAD_MB = 200

/** The upload limit: `REVLAB_MAX_UPLOAD_MB` (default 200 MB). */
export const maxUploadBytes = (): number => {
  const mb = Number(process.env.REVLAB_MAX_UPLOAD_MB ?? DEFAULT_MAX_UPLOAD_MB)
  return Math.round((Number.isFinite(mb) && mb > 0 ? mb : DEFAULT_MAX_UPLOAD_MB) * 1024 * 1024)
}

const canImport = createMiddleware<AppEnv>(async (c, next) => {
  if (!(IMPORT_ROLES as readonly string[]).includes(c.var.user.role))
    throw new RevlabError('FORBIDDEN', `a ${c.var.user.role} cannot import data`, {
      hint: `imports need one of the roles ${IMPORT_ROLES.join(', ')}`,
    })
  await next()
})

const tooLarge = (c: Context) => {
  const limitMb = Math.round(maxUploadBytes() / 1024 / 1024)
  return c.json(
    {
      error: {
        code: 'PAYLOAD_TOO_LARGE',
        message: `the upload is larger than ${limitMb} MB`,
        hint: `split the export, use \`revlab import\` on the server, or raise REVLAB_MAX_UPLOAD_MB`,
      },
    },
    413,
  )
}

// Built per request so the limit follows REVLAB_MAX_UPLOAD_MB.
const uploadLimit: MiddlewareHandler<AppEnv> = (c, next) =>
  bodyLimit({ maxSize: maxUploadBytes(), onError: tooLarge })(c, next)

type Upload = {
  dir: string
  files: string[]
  bytes: number
  source: string
  mapping: unknown
  strict: boolean
}

/** Reads the multipart form into a temporary folder (file names kept: the Salesforce source reads them). */
async function readUpload(c: Context<AppEnv>): Promise<Upload> {
  const body = await c.req.parseBody({ all: true })
  const form = ImportFormSchema.safeParse({
    source: body.source,
    mapping: typeof body.mapping === 'string' && body.mapping !== '' ? body.mapping : undefined,
    strict: body.strict,
    customFieldsAsSignals: body.customFieldsAsSignals,
  })
  if (!form.success)
    throw new RevlabError(
      'BAD_USAGE',
      form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    )
  const source = getImportSource(form.data.source)
  const uploaded = ([] as unknown[]).concat(body.file ?? []).filter((f): f is File => f instanceof File)
  if (uploaded.length === 0)
    throw new RevlabError('BAD_USAGE', 'no file uploaded', {
      hint: 'send one or more files in the "file" field',
    })
  const total = uploaded.reduce((n, f) => n + f.size, 0)
  if (total > maxUploadBytes()) throw new UploadTooLarge()
  let mapping: unknown
  const m = form.data.mapping?.trim()
  if (m && m.startsWith('{')) {
    try {
      mapping = JSON.parse(m) as unknown
    } catch (error) {
      throw new RevlabError('BAD_INPUT', `the mapping is not valid JSON (${(error as Error).message})`)
    }
  } else if (m) {
    // Only shipped mappings by name: a path would read files on the server.
    if (!shippedMappings().includes(m))
      throw new RevlabError('BAD_USAGE', `no shipped mapping "${m}"`, {
        hint: `mappings: ${shippedMappings().join(', ')}; or send the mapping's JSON`,
      })
    mapping = readMappingFile(m)
  }
  if (source.name === 'salesforce' && form.data.customFieldsAsSignals === 'true')
    mapping = { ...(mapping as object | undefined), customFieldsAsSignals: true }
  if (source.needsMapping && mapping === undefined)
    throw new RevlabError('BAD_USAGE', `the ${source.name} source needs a mapping`, {
      hint: `choose one of ${shippedMappings().join(', ')} or upload a mapping JSON`,
    })
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-upload-'))
  const files: string[] = []
  const used = new Set<string>()
  for (const f of uploaded) {
    let name = path.basename(f.name || 'upload.csv').replace(/[^\w.\- ]+/g, '_') || 'upload.csv'
    for (let i = 2; used.has(name); i++) name = `${i}-${name}`
    used.add(name)
    const file = path.join(dir, name)
    fs.writeFileSync(file, Buffer.from(await f.arrayBuffer()))
    files.push(file)
  }
  return { dir, files, bytes: total, source: source.name, mapping, strict: form.data.strict === 'true' }
}

class UploadTooLarge extends Error {}

async function withUpload<T>(c: Context<AppEnv>, work: (u: Upload) => Promise<T>): Promise<T | Response> {
  let upload: Upload | undefined
  try {
    upload = await readUpload(c)
    return await work(upload)
  } catch (error) {
    if (error instanceof UploadTooLarge) return tooLarge(c)
    throw error
  } finally {
    if (upload) removeUpload(upload)
  }
}

async function drain(body: ReadableStream<Uint8Array> | null): Promise<void> {
  if (!body) return
  try {
    const reader = body.getReader()
    for (;;) if ((await reader.read()).done) return
  } catch {
    // the caller went away: nothing to drain
  }
}

const removeUpload = (u: Upload): void => fs.rmSync(u.dir, { recursive: true, force: true })

const toItem = (r: ImportRunRecord): ImportRunItem => ({
  id: r.id,
  source: r.source,
  status: r.status,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  files: r.files,
  rowsRead: r.rowsRead,
  inserted: r.inserted,
  updated: r.updated,
  unchanged: r.unchanged,
  rejected: r.rejected,
})

const sources = createRoute({
  method: 'get',
  path: '/sources',
  tags: ['imports'],
  summary: 'The import sources, the shipped mappings and the upload limit',
  middleware: [authenticate, canImport] as const,
  responses: {
    200: { description: 'Sources', content: { 'application/json': { schema: ImportSourcesSchema } } },
  },
})

const list = createRoute({
  method: 'get',
  path: '/',
  tags: ['imports'],
  summary: 'Past import runs, newest first',
  middleware: [authenticate, canImport] as const,
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }) },
  responses: {
    200: { description: 'Runs', content: { 'application/json': { schema: ImportRunListSchema } } },
  },
})

const detail = createRoute({
  method: 'get',
  path: '/{id}',
  tags: ['imports'],
  summary: 'One run with its quarantined rows (file, row, line, column, reason, raw text)',
  middleware: [authenticate, canImport] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The run', content: { 'application/json': { schema: ImportRunDetailSchema } } },
  },
})

const progress = createRoute({
  method: 'get',
  path: '/{id}/progress',
  tags: ['imports'],
  summary:
    'A background import (the id POST answered with): status, rows and bytes read so far, elapsed, and the result once it ends',
  middleware: [authenticate, canImport] as const,
  request: { params: z.object({ id: z.string().min(1) }) },
  responses: {
    200: { description: 'The import', content: { 'application/json': { schema: ImportJobSchema } } },
  },
})

export const importRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(sources, (c) =>
    c.json(
      {
        sources: importSources().map((s) => ({
          name: s.name,
          description: s.description,
          needsMapping: s.needsMapping ?? false,
        })),
        mappings: shippedMappings(),
        maxUploadBytes: maxUploadBytes(),
      },
      200,
    ),
  )
  .openapi(list, async (c) => {
    const runs = await listImportRuns(c.var.store.db, c.req.valid('query').limit)
    return c.json({ runs: runs.map(toItem) }, 200)
  })
  .openapi(detail, async (c) => {
    const { id } = c.req.valid('param')
    const run = await findImportRun(c.var.store.db, id)
    if (!run)
      throw new RevlabError('NOT_FOUND', `no import run ${id}`, { hint: 'GET /api/v1/imports lists them' })
    const rejects = await listImportRejects(c.var.store.db, id, { limit: 10_000 })
    return c.json({ run: toItem(run), summary: run.summary, rejects }, 200)
  })
  .openapi(progress, (c) => {
    const { id } = c.req.valid('param')
    const job = importRunsFor(c.var.store).get(id)
    if (!job)
      throw new RevlabError('NOT_FOUND', `no running or recent import ${id}`, {
        hint: 'finished imports are kept an hour; GET /api/v1/imports lists every stored run',
      })
    return c.json(job, 200)
  })

// The upload is multipart (validated by readUpload), so the OpenAPI document describes it by hand.
importRoutes.openAPIRegistry.registerPath({
  method: 'post',
  path: '/',
  tags: ['imports'],
  summary:
    'Upload and import in the background: 202 with the job (poll GET /{id}/progress); ?wait=true answers with the result when done',
  request: {
    query: z.object({ wait: z.enum(['true', 'false']).optional() }),
    body: {
      content: {
        'multipart/form-data': {
          schema: ImportFormSchema.extend({ file: z.array(z.string()).describe('one or more files') }),
        },
      },
    },
  },
  responses: {
    202: { description: 'Started', content: { 'application/json': { schema: ImportJobSchema } } },
    200: {
      description: 'With ?wait=true: the result (status committed, or failed under strict)',
      content: { 'application/json': { schema: ImportResultSchema } },
    },
    409: { description: 'Another import is running on this store' },
    413: { description: 'The upload is over the limit' },
  },
})

/**
 * Upload and import in the background: 202 with the job (its Location is the
 * progress route); `?wait=true`: 200 with the result (`status` committed, or
 * failed under strict) or the run's error, as before. 409 while another import
 * runs on the store, 413 over the limit. The uploaded files are removed when
 * the run ends.
 */
importRoutes.post('/', authenticate, canImport, uploadLimit, async (c) => {
  const wait = c.req.query('wait')
  if (wait !== undefined && wait !== 'true' && wait !== 'false')
    throw new RevlabError('BAD_USAGE', `wait: expected true or false, got "${wait}"`)
  const runs = importRunsFor(c.var.store)
  // Claimed before the upload is read, so two uploads at once cannot both start.
  let slot: ImportSlot
  try {
    slot = runs.claim()
  } catch (error) {
    // Read the refused upload to its end (and drop it): a browser still sending it would see the
    // connection reset instead of the 409.
    await drain(c.req.raw.body)
    throw error
  }
  let u: Upload
  try {
    u = await readUpload(c)
  } catch (error) {
    slot.release()
    if (error instanceof UploadTooLarge) return tooLarge(c)
    throw error
  }
  const now = c.var.now()
  const store = c.var.store
  let thrown: unknown
  const { id, done } = slot.start(
    {
      source: u.source,
      files: u.files.map((f) => path.basename(f)),
      totalBytes: u.bytes,
      startedAt: now.toISOString(),
    },
    async (watch) => {
      try {
        return await runImport(store, watchSource(getImportSource(u.source), watch), u.files, {
          mapping: u.mapping,
          strict: u.strict,
          now,
          onProgress: watch.onProgress,
        })
      } catch (error) {
        thrown = error
        throw error
      }
    },
    () => removeUpload(u),
  )
  if (wait === 'true') {
    const job = await done
    if (job.result) return c.json(job.result, 200)
    throw thrown ?? new RevlabError('INTERNAL', job.error?.message ?? 'the import failed')
  }
  c.header('Location', `/api/v1/imports/${id}/progress`)
  return c.json(runs.get(id), 202)
})

/** The first rows as mapped (records or issues), nothing stored. */
importRoutes.post('/preview', authenticate, canImport, uploadLimit, async (c) =>
  withUpload(c, async (u) => {
    const preview = await previewImport(c.var.store, getImportSource(u.source), u.files, {
      mapping: u.mapping,
      limit: 20,
      now: c.var.now(),
    })
    return c.json(preview, 200)
  }),
)
