/**
 * The imports running in the background, in this server's memory: one
 * registry per store, at most one import at a time on it (DuckDB has one
 * writer, and two imports upserting the same records would fight over them
 * on PostgreSQL too), so a second one is refused with 409 rather than queued
 * behind a long file. Finished jobs stay readable for a while (at most
 * `maxFinished`, for `keepFinishedMs`), then only the stored run remains.
 *
 * A job's work gets an `onProgress` callback and an abort signal;
 * `watchSource` wraps an import source so every row reports progress and,
 * once the registry stops, the next row throws, which rolls the import's
 * transaction back. (Throwing from runImport's own onProgress is not safe:
 * it is also called from inside a file stream, where an error would hang.)
 */
import { randomUUID } from 'node:crypto'
import type { Store } from '@revlab/db'
import type { ImportSource } from '@revlab/importers'
import { RevlabError, isRevlabError, type ImportJob, type ImportResultResponse } from '@revlab/domain'

export type JobProgress = { rows: number; bytes: number; totalBytes: number; file: string }

export type JobWatch = { onProgress: (progress: JobProgress) => void; signal: AbortSignal }

export type JobWork = (watch: JobWatch) => Promise<ImportResultResponse>

export type ImportRunsOptions = {
  /** Finished jobs kept (the oldest go first). */
  maxFinished?: number
  /** How long a finished job stays readable, in ms. */
  keepFinishedMs?: number
  /** The clock, in ms (tests pass their own). */
  clock?: () => number
}

/** The store's import slot, claimed before the upload is read: start a job on it, or release it. */
export type ImportSlot = {
  start(
    meta: { source: string; files: string[]; totalBytes: number; startedAt: string },
    work: JobWork,
    cleanup?: () => void,
  ): { id: string; done: Promise<ImportJob> }
  release(): void
}

type Entry = {
  id: string
  job: ImportJob
  t0: number
  endedAt: number | null
  done: Promise<ImportJob>
  abort: AbortController
}

/**
 * Clean-ups of the jobs still running when the process exits (a server
 * stopped mid-import: its transaction never commits, and its uploaded files
 * go too). They must be synchronous, as 'exit' handlers are.
 */
const atExit = new Set<() => void>()
let exitHookInstalled = false
function cleanAtExit(cleanup: () => void): void {
  atExit.add(cleanup)
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const c of atExit) {
      try {
        c()
      } catch {
        // exiting anyway
      }
    }
  })
}

const DEFAULT_MAX_FINISHED = 20
const DEFAULT_KEEP_FINISHED_MS = 60 * 60 * 1000

/** Renders what a run threw as one line (unknown errors are logged and hidden, as the API does). */
function errorOf(error: unknown): NonNullable<ImportJob['error']> {
  if (isRevlabError(error))
    return { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
  console.error(error)
  return { code: 'INTERNAL', message: 'the import failed on the server; it has been logged and rolled back' }
}

export class ImportRuns {
  private readonly entries = new Map<string, Entry>()
  private busy: { id: string | null } | null = null
  private stopping: string | null = null
  private readonly maxFinished: number
  private readonly keepFinishedMs: number
  private readonly clock: () => number

  constructor(options: ImportRunsOptions = {}) {
    this.maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED
    this.keepFinishedMs = options.keepFinishedMs ?? DEFAULT_KEEP_FINISHED_MS
    this.clock = options.clock ?? (() => performance.now())
  }

  /** Claims the store's one import slot; a CONFLICT (409) naming the running import when it is taken. */
  claim(): ImportSlot {
    this.sweep()
    if (this.stopping !== null)
      throw new RevlabError('CONFLICT', 'the server is stopping; no new imports', {
        hint: 'try again once it is back',
      })
    if (this.busy) {
      const running = this.busy.id ? this.entries.get(this.busy.id)?.job : undefined
      throw new RevlabError(
        'CONFLICT',
        running
          ? `another import is running on this store (${running.id}: ${running.source}, ${running.files.join(', ')}, ${running.rowsRead} rows read)`
          : 'another import is starting on this store',
        {
          hint: running
            ? `imports run one at a time; wait for it (GET /api/v1/imports/${running.id}/progress), then send this one again`
            : 'imports run one at a time; send this one again when it is done',
        },
      )
    }
    const slot: { id: string | null } = { id: null }
    this.busy = slot
    let used = false
    return {
      release: () => {
        if (!used && this.busy === slot) this.busy = null
        used = true
      },
      start: (meta, work, cleanup) => {
        if (used || this.busy !== slot) throw new Error('the import slot was already used or released')
        used = true
        const id = `job_${randomUUID().replace(/-/g, '').slice(0, 16)}`
        slot.id = id
        const t0 = this.clock()
        const job: ImportJob = {
          id,
          source: meta.source,
          files: meta.files,
          status: 'running',
          startedAt: meta.startedAt,
          finishedAt: null,
          elapsedSeconds: 0,
          rowsRead: 0,
          bytesRead: 0,
          totalBytes: meta.totalBytes,
          file: null,
          result: null,
          error: null,
        }
        const entry: Entry = {
          id,
          job,
          t0,
          endedAt: null,
          done: Promise.resolve(job),
          abort: new AbortController(),
        }
        const onProgress = (p: JobProgress): void => {
          job.rowsRead = Math.max(job.rowsRead, p.rows)
          job.bytesRead = Math.max(job.bytesRead, p.bytes)
          job.totalBytes = Math.max(job.totalBytes, p.totalBytes)
          if (p.file) job.file = p.file
        }
        const finish = (patch: Partial<ImportJob>): ImportJob => {
          entry.endedAt = this.clock()
          Object.assign(job, patch, {
            finishedAt: new Date(Date.parse(meta.startedAt) + (entry.endedAt - t0)).toISOString(),
          })
          return job
        }
        this.entries.set(id, entry)
        if (cleanup) cleanAtExit(cleanup)
        entry.done = (async () => {
          try {
            // Never start the work synchronously: the caller answers before the first row is read.
            await Promise.resolve()
            const result = await work({ onProgress, signal: entry.abort.signal })
            const failed = result.status === 'failed'
            return finish({
              status: result.status,
              result,
              rowsRead: result.rows_read,
              bytesRead: failed ? job.bytesRead : job.totalBytes,
              error: failed
                ? {
                    code: 'BAD_INPUT',
                    message: result.notes.at(-1) ?? 'the import failed and was rolled back',
                  }
                : null,
            })
          } catch (error) {
            return finish({ status: 'failed', error: errorOf(error) })
          } finally {
            if (cleanup) atExit.delete(cleanup)
            try {
              cleanup?.()
            } catch (error) {
              console.error(error)
            }
            if (this.busy === slot) this.busy = null
            this.sweep()
          }
        })()
        return { id, done: entry.done }
      },
    }
  }

  /** The job as it stands (a copy), or undefined when unknown or expired. */
  get(id: string): ImportJob | undefined {
    this.sweep()
    const entry = this.entries.get(id)
    if (!entry) return undefined
    const end = entry.endedAt ?? this.clock()
    return {
      ...entry.job,
      files: [...entry.job.files],
      elapsedSeconds: Math.round(end - entry.t0) / 1000,
    }
  }

  /** Whether an import holds the slot (uploading or running). */
  get running(): boolean {
    return this.busy !== null
  }

  /**
   * Stops taking imports and makes running ones fail at their next row
   * (their transaction rolls back); resolves when they have ended. An import
   * past its last row (merging staged rows, committing) runs to its end.
   */
  async stop(reason = 'the server is stopping'): Promise<void> {
    this.stopping = reason
    const running = [...this.entries.values()].filter((e) => e.endedAt === null)
    for (const e of running) e.abort.abort(reason)
    await Promise.all(running.map((e) => e.done))
  }

  private sweep(): void {
    const now = this.clock()
    const finished = [...this.entries.values()].filter((e) => e.endedAt !== null)
    finished.sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0))
    finished.forEach((e, i) => {
      if (now - (e.endedAt ?? now) > this.keepFinishedMs || finished.length - i > this.maxFinished)
        this.entries.delete(e.id)
    })
  }
}

const registries = new WeakMap<Store, ImportRuns>()

/** The registry of the store's background imports (one per store, made on first use). */
export function importRunsFor(store: Store): ImportRuns {
  let runs = registries.get(store)
  if (!runs) {
    runs = new ImportRuns()
    registries.set(store, runs)
  }
  return runs
}

/** Call before closing a store a server used: running imports roll back, new ones are refused. */
export const stopImportRuns = (store: Store, reason?: string): Promise<void> =>
  registries.get(store)?.stop(reason) ?? Promise.resolve()

/**
 * The source, reporting every row and the bytes read to `watch`, and failing
 * at its next row once `watch.signal` aborts (the sources await each row, so
 * the error unwinds the import and its transaction rolls back).
 */
export function watchSource(source: ImportSource, watch: JobWatch): ImportSource {
  return {
    ...source,
    read(files, sink, context) {
      let rows = 0
      const bytes = new Map<string, { read: number; total: number }>()
      let file = ''
      const report = (): void => {
        let read = 0
        let total = 0
        for (const b of bytes.values()) {
          read += b.read
          total += b.total
        }
        watch.onProgress({ rows, bytes: read, totalBytes: total, file })
      }
      return source.read(
        files,
        {
          async row(ref, raw, mapped) {
            if (watch.signal.aborted)
              throw new RevlabError(
                'INTERNAL',
                `${String(watch.signal.reason)}; the import was rolled back, nothing was stored`,
              )
            rows++
            if (ref.file) file = ref.file
            report()
            await sink.row(ref, raw, mapped)
          },
          setup: (records) => sink.setup(records),
          note: (message) => sink.note(message),
          bytes(name, read, total) {
            bytes.set(name, { read, total })
            sink.bytes(name, read, total)
          },
        },
        context,
      )
    },
  }
}
