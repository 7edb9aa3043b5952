import fs from 'node:fs'
import { RevlabError } from '@revlab/domain'
import { findImportRun, listImportRejects, listImportRuns } from '@revlab/db'
import { getImportSource, readMappingFile, runImport, type ImportResult } from '@revlab/importers'
import { formatCount, note, printJson, renderTable } from '../output.js'
import { createProgress } from '../progress.js'
import { withStore } from '../with-store.js'

export type ImportOptions = {
  db?: string
  map?: string
  strict?: boolean
  json?: boolean
  /** Call sources: speaker names on the selling side, comma-separated. */
  internal?: string
  /** Call sources: the deal the calls belong to. */
  deal?: string
}

/** `revlab import <source> PATH...`: exit 0 when committed (rejects listed), 1 when --strict met a reject. */
export async function importCommand(
  sourceName: string,
  paths: string[],
  options: ImportOptions,
): Promise<void> {
  const source = getImportSource(sourceName)
  for (const p of paths)
    if (!fs.existsSync(p))
      throw new RevlabError('BAD_USAGE', `no such file: ${p}`, { hint: 'check the path' })
  if (source.needsMapping && !options.map)
    throw new RevlabError('BAD_USAGE', `the ${source.name} source needs --map FILE`, {
      hint: 'a JSON mapping file, or a shipped one: ibm-sales-win-loss, maven-crm-sales-pipeline',
    })
  const mapping = options.map ? readMappingFile(options.map) : undefined
  const progress = createProgress(`import ${source.name}`)
  const result = await withStore(options.db, async (store) => {
    try {
      return await runImport(store, source, paths, {
        ...(options.strict ? { strict: true } : {}),
        mapping,
        sourceOptions: {
          ...(options.internal !== undefined ? { internal: options.internal } : {}),
          ...(options.deal !== undefined ? { deal: options.deal } : {}),
        },
        onProgress: (p) =>
          progress.update(
            Math.round(p.bytes / 1024),
            Math.max(1, Math.round(p.totalBytes / 1024)),
            `KiB read, ${formatCount(p.rows)} rows`,
          ),
      })
    } finally {
      progress.stop()
    }
  })
  if (options.json) printJson(result)
  else printImportResult(result)
  if (result.status === 'failed') {
    if (!options.json) note(`error: ${result.notes.at(-1) ?? 'the import failed'}`)
    process.exitCode = 1
  }
}

function printImportResult(r: ImportResult): void {
  const out = process.stdout
  out.write(
    `${r.status === 'committed' ? 'Imported' : 'Rolled back'} ${r.files.join(', ')} (${r.source}) in ${r.seconds}s — run ${r.run_id}\n`,
  )
  out.write(
    `${renderTable(
      [
        ['rows read', r.rows_read],
        ['inserted', r.inserted],
        ['updated', r.updated],
        ['unchanged', r.unchanged],
        ['rejected', r.rejected],
      ] as const,
      [
        { header: 'rows', value: ([k]) => k },
        { header: 'count', value: ([, n]) => formatCount(n), align: 'right' },
      ],
    )}\n`,
  )
  const created = Object.entries(r.created)
  if (created.length > 0)
    out.write(`Created on the way: ${created.map(([t, n]) => `${formatCount(n)} ${t}`).join(', ')}\n`)
  for (const n of r.notes) out.write(`note: ${n}\n`)
  if (r.rejects.length > 0) {
    out.write(
      `Rejected rows (first ${Math.min(20, r.rejects.length)} of ${formatCount(r.rejected)}; all: revlab imports show ${r.run_id}):\n`,
    )
    out.write(`${rejectTable(r.rejects.slice(0, 20))}\n`)
  }
}

const rejectTable = (
  rejects: readonly { file: string; row: number; line: number; column: string | null; reason: string }[],
) =>
  renderTable(rejects, [
    { header: 'file', value: (x) => x.file },
    { header: 'row', value: (x) => x.row, align: 'right' },
    { header: 'line', value: (x) => x.line, align: 'right' },
    { header: 'column', value: (x) => x.column ?? '' },
    { header: 'reason', value: (x) => x.reason },
  ])

/** `revlab imports`: past runs, newest first. */
export async function importsCommand(options: { db?: string; json?: boolean }): Promise<void> {
  const runs = await withStore(options.db, (store) => listImportRuns(store.db, 100))
  const rows = runs.map((r) => ({
    id: r.id,
    source: r.source,
    status: r.status,
    started_at: r.startedAt,
    files: r.files,
    rows_read: r.rowsRead,
    inserted: r.inserted,
    updated: r.updated,
    unchanged: r.unchanged,
    rejected: r.rejected,
  }))
  if (options.json) return printJson(rows)
  if (rows.length === 0) return note('no imports yet: revlab import <source> PATH...')
  process.stdout.write(
    `${renderTable(rows, [
      { header: 'run', value: (r) => r.id },
      { header: 'source', value: (r) => r.source },
      { header: 'status', value: (r) => r.status },
      { header: 'started', value: (r) => r.started_at.slice(0, 19).replace('T', ' ') },
      { header: 'files', value: (r) => r.files.join(', ') },
      { header: 'read', value: (r) => formatCount(r.rows_read), align: 'right' },
      { header: 'ins', value: (r) => formatCount(r.inserted), align: 'right' },
      { header: 'upd', value: (r) => formatCount(r.updated), align: 'right' },
      { header: 'same', value: (r) => formatCount(r.unchanged), align: 'right' },
      { header: 'rej', value: (r) => formatCount(r.rejected), align: 'right' },
    ])}\n`,
  )
}

/** `revlab imports show ID`: one run and its rejects. */
export async function importShowCommand(id: string, options: { db?: string; json?: boolean }): Promise<void> {
  const found = await withStore(options.db, async (store) => {
    const run = await findImportRun(store.db, id)
    return run ? { run, rejects: await listImportRejects(store.db, id, { limit: 100_000 }) } : undefined
  })
  if (!found)
    throw new RevlabError('NOT_FOUND', `no import run ${id}`, { hint: 'revlab imports lists the runs' })
  const { run, rejects } = found
  const report = {
    id: run.id,
    source: run.source,
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    files: run.files,
    rows_read: run.rowsRead,
    inserted: run.inserted,
    updated: run.updated,
    unchanged: run.unchanged,
    rejected: run.rejected,
    summary: run.summary,
    rejects: rejects.map(({ file, row, line, column, reason, raw }) => ({
      file,
      row,
      line,
      column,
      reason,
      raw,
    })),
  }
  if (options.json) return printJson(report)
  process.stdout.write(
    `Run ${run.id} (${run.source}, ${run.status}) ${run.files.join(', ')}: ${formatCount(run.rowsRead)} read, ${formatCount(run.inserted)} inserted, ${formatCount(run.updated)} updated, ${formatCount(run.unchanged)} unchanged, ${formatCount(run.rejected)} rejected\n`,
  )
  if (rejects.length > 0) process.stdout.write(`${rejectTable(rejects)}\n`)
}
