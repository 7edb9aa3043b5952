import { describe, expect, it, vi } from 'vitest'
import { RevlabError, type ImportResultResponse } from '@revlab/domain'
import type { ImportSource, RowSink } from '@revlab/importers'
import { ImportRuns, watchSource } from './import-runs.js'

const result = (over: Partial<ImportResultResponse> = {}): ImportResultResponse => ({
  run_id: 'imp_1',
  source: 'mapped',
  status: 'committed',
  files: ['a.csv'],
  rows_read: 3,
  inserted: 3,
  updated: 0,
  unchanged: 0,
  rejected: 0,
  rejects: [],
  created: {},
  repeated_ids: { ids: 0, rows: 0, examples: [] },
  notes: [],
  seconds: 0.1,
  ...over,
})

const meta = { source: 'mapped', files: ['a.csv'], totalBytes: 300, startedAt: '2026-11-23T12:00:00.000Z' }

function deferred<T>() {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

describe('the import registry', () => {
  it('runs one import at a time: a second claim is a 409 naming the running one', async () => {
    let t = 0
    const runs = new ImportRuns({ clock: () => t })
    const slot = runs.claim()
    expect(() => runs.claim()).toThrow('another import is starting on this store')
    const work = deferred<ImportResultResponse>()
    const cleanup = vi.fn()
    const { id, done } = slot.start(
      meta,
      async ({ onProgress }) => {
        onProgress({ rows: 2, bytes: 200, totalBytes: 300, file: 'a.csv' })
        return work.promise
      },
      cleanup,
    )
    expect(runs.get(id)).toMatchObject({ status: 'running', rowsRead: 0, totalBytes: 300, result: null })
    await Promise.resolve()
    await Promise.resolve()
    t = 1500
    expect(runs.get(id)).toMatchObject({ rowsRead: 2, bytesRead: 200, file: 'a.csv', elapsedSeconds: 1.5 })
    let conflict: unknown
    try {
      runs.claim()
    } catch (error) {
      conflict = error
    }
    expect(conflict).toBeInstanceOf(RevlabError)
    expect((conflict as RevlabError).code).toBe('CONFLICT')
    expect((conflict as RevlabError).message).toBe(
      `another import is running on this store (${id}: mapped, a.csv, 2 rows read)`,
    )
    t = 2000
    work.resolve(result())
    const job = await done
    expect(job).toMatchObject({
      status: 'committed',
      rowsRead: 3,
      bytesRead: 300,
      finishedAt: '2026-11-23T12:00:02.000Z',
      error: null,
    })
    expect(cleanup).toHaveBeenCalledTimes(1)
    t = 9000
    expect(runs.get(id)?.elapsedSeconds).toBe(2)
    expect(runs.running).toBe(false)
    runs.claim().release()
  })

  it('frees the slot when the upload is refused', () => {
    const runs = new ImportRuns()
    runs.claim().release()
    expect(runs.running).toBe(false)
    expect(() => runs.claim()).not.toThrow()
  })

  it('reports a thrown error in one line, a strict failure with its result, and hides unknown errors', async () => {
    const runs = new ImportRuns()
    const cleanup = vi.fn()
    const bad = runs
      .claim()
      .start(
        meta,
        () =>
          Promise.reject(
            new RevlabError('BAD_INPUT', 'a.csv: the file is empty', { hint: 'export it again' }),
          ),
        cleanup,
      )
    expect(await bad.done).toMatchObject({
      status: 'failed',
      result: null,
      error: { code: 'BAD_INPUT', message: 'a.csv: the file is empty', hint: 'export it again' },
    })
    expect(cleanup).toHaveBeenCalledTimes(1)
    const strict = runs
      .claim()
      .start(meta, async () =>
        result({ status: 'failed', inserted: 0, rejected: 1, notes: ['--strict: 1 row(s) rejected'] }),
      )
    expect(await strict.done).toMatchObject({
      status: 'failed',
      result: { status: 'failed' },
      error: { code: 'BAD_INPUT', message: '--strict: 1 row(s) rejected' },
    })
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const odd = runs.claim().start(meta, () => Promise.reject(new TypeError('x is undefined')))
    const job = await odd.done
    expect(job.error?.code).toBe('INTERNAL')
    expect(job.error?.message).not.toContain('x is undefined')
    expect(log).toHaveBeenCalled()
    log.mockRestore()
  })

  it('keeps at most maxFinished finished jobs, each for keepFinishedMs', async () => {
    let t = 0
    const runs = new ImportRuns({ maxFinished: 2, keepFinishedMs: 1000, clock: () => t })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      t += 10
      const { id, done } = runs.claim().start(meta, async () => result())
      await done
      ids.push(id)
    }
    expect(ids.map((id) => runs.get(id)?.status)).toEqual([undefined, 'committed', 'committed'])
    t += 995
    expect(runs.get(ids[1] ?? '')).toBeUndefined()
    expect(runs.get(ids[2] ?? '')).toBeDefined()
    t += 10
    expect(runs.get(ids[2] ?? '')).toBeUndefined()
  })

  it('stops: the running import fails at its next row, and no new one starts', async () => {
    const runs = new ImportRuns()
    const reached = deferred<void>()
    const gate = deferred<void>()
    const rowsSeen: number[] = []
    const source: ImportSource = {
      name: 'slow',
      description: 'rows until told to stop',
      async read(_files, sink) {
        for (let row = 1; row <= 100; row++) {
          if (row === 3) {
            reached.resolve()
            await gate.promise
          }
          sink.bytes('a.csv', row, 100)
          await sink.row({ file: 'a.csv', row, line: row + 1 }, 'raw', { records: [], issues: [] })
        }
      },
    }
    const sink: RowSink = {
      row: async (ref) => void rowsSeen.push(ref.row),
      setup: async () => undefined,
      note: () => undefined,
      bytes: () => undefined,
    }
    const { id, done } = runs.claim().start(meta, async (watch) => {
      await watchSource(source, watch).read(['a.csv'], sink, {} as never)
      return result()
    })
    await reached.promise
    expect(runs.get(id)).toMatchObject({ rowsRead: 2, bytesRead: 2, file: 'a.csv' })
    const stopped = runs.stop()
    gate.resolve()
    await stopped
    expect(rowsSeen).toEqual([1, 2])
    expect((await done).error).toEqual({
      code: 'INTERNAL',
      message: 'the server is stopping; the import was rolled back, nothing was stored',
    })
    expect(() => runs.claim()).toThrow('the server is stopping; no new imports')
  })
})
