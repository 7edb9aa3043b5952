import type { ImportJob, ImportPreview, ImportRunDetail, ImportRunList, ImportSources } from '@revlab/domain'
import { useApi, type ApiState } from '../../lib/use-api'

export type ImportRequest = {
  source: string
  mapping: string
  files: File[]
  customFieldsAsSignals: boolean
}

async function readJson<T>(res: Response): Promise<T> {
  const text = await res.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    body = undefined
  }
  if (!res.ok) {
    const e = (body as { error?: { message?: string; hint?: string } } | undefined)?.error
    throw new Error(
      e?.message ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : `the server answered ${res.status}`,
    )
  }
  return body as T
}

const getJson = async <T>(path: string, signal?: AbortSignal): Promise<T> =>
  readJson<T>(
    await fetch(path, { credentials: 'same-origin', signal, headers: { accept: 'application/json' } }),
  )

/** Multipart upload: the session's CSRF token comes from /api/auth/me (the JSON client does not send forms). */
async function upload<T>(path: string, request: ImportRequest): Promise<T> {
  const me = await getJson<{ csrfToken: string | null }>('/api/auth/me')
  const form = new FormData()
  form.set('source', request.source)
  if (request.mapping) form.set('mapping', request.mapping)
  if (request.customFieldsAsSignals) form.set('customFieldsAsSignals', 'true')
  for (const f of request.files) form.append('file', f, f.name)
  const res = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    body: form,
    headers: me.csrfToken ? { 'x-csrf-token': me.csrfToken } : {},
  })
  return readJson<T>(res)
}

export const previewImport = (request: ImportRequest): Promise<ImportPreview> =>
  upload('/api/v1/imports/preview', request)
/** Starts the import in the background: the server answers 202 with the job at once. */
export const startImport = (request: ImportRequest): Promise<ImportJob> => upload('/api/v1/imports', request)
/** The job as it stands: rows and bytes read, then the result or the error. */
export const loadJob = (id: string, signal?: AbortSignal): Promise<ImportJob> =>
  getJson(`/api/v1/imports/${encodeURIComponent(id)}/progress`, signal)
/** How often the page asks how an import is going. */
export const POLL_MS = 500
export const loadRun = (id: string): Promise<ImportRunDetail> =>
  getJson(`/api/v1/imports/${encodeURIComponent(id)}`)

export const useImportSources = (): ApiState<ImportSources> =>
  useApi('import-sources', (signal) => getJson('/api/v1/imports/sources', signal))

export const useImportRuns = (version: number): ApiState<ImportRunList> =>
  useApi(`import-runs:${version}`, (signal) => getJson('/api/v1/imports?limit=50', signal))
