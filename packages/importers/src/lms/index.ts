/**
 * LMS sources: `revlab import xapi FILE...` (xAPI statements) and
 * `revlab import lms-csv PATH...` (a completion CSV, or the OULAD tables,
 * recognized by their headers; a folder imports every CSV in it).
 */
import fs from 'node:fs'
import path from 'node:path'
import { RevlabError } from '@revlab/domain'
import { openCsv } from '../framework/read-csv.js'
import type { ImportSource } from '../framework/run-import.js'
import { stableHash } from '../framework/normalize.js'
import { findCompletionColumns, mapCompletionRow } from './map-completion-row.js'
import { mapStatement } from './map-statement.js'
import {
  OULAD_ORDER,
  emptyOuladLookups,
  mapOuladRow,
  ouladTableOf,
  rememberOuladRow,
  type OuladTable,
} from './oulad.js'
import { parseXapiFile } from './parse-xapi.js'

export { parseXapiFile, looksLikeStatement, type XapiFile, type XapiShape } from './parse-xapi.js'
export { mapStatement, verbName, scoreOf, agentIdentity, COMPLETION_VERBS } from './map-statement.js'
export { mapCompletionRow, findCompletionColumns } from './map-completion-row.js'
export { mapOuladRow, ouladTableOf, presentationStart, type OuladTable } from './oulad.js'

const readText = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch (error) {
    throw new RevlabError('BAD_INPUT', `${file}: cannot read the file (${(error as Error).message})`, {
      hint: 'check the path',
      cause: error,
    })
  }
}

export const xapiSource: ImportSource = {
  name: 'xapi',
  description: 'xAPI statements: a JSON array, a statements-API response, or JSON lines',
  async read(files, sink, context) {
    for (const file of files) {
      const name = path.basename(file)
      const text = readText(file)
      const parsed = parseXapiFile(text, name)
      if (parsed.more)
        sink.note(`${name}: the LRS has more statements (more: ${parsed.more}); fetch and import them too`)
      const size = Buffer.byteLength(text)
      for (const item of parsed.items) {
        const ref = { file: name, row: item.row, line: item.line }
        await sink.row(
          ref,
          item.raw,
          item.error
            ? { records: [], issues: [{ column: null, reason: item.error }] }
            : mapStatement(item.value, context, `${name}:${stableHash(item.raw)}`),
        )
      }
      sink.bytes(name, size, size)
    }
  },
}

/** A folder stands for the CSV files in it. */
function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let stat: fs.Stats
    try {
      stat = fs.statSync(p)
    } catch (error) {
      throw new RevlabError('BAD_INPUT', `${p}: no such file or folder`, {
        hint: 'check the path',
        cause: error,
      })
    }
    if (!stat.isDirectory()) return [p]
    const csvs = fs
      .readdirSync(p)
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .sort()
      .map((f) => path.join(p, f))
    if (csvs.length === 0)
      throw new RevlabError('BAD_INPUT', `${p}: the folder holds no CSV files`, {
        hint: 'give the CSV files',
      })
    return csvs
  })
}

export const lmsCsvSource: ImportSource = {
  name: 'lms-csv',
  description: 'an LMS completion CSV (email, course, completed_at, score, status), or the OULAD tables',
  async read(paths, sink, context) {
    const files = expandPaths(paths)
    // Read the headers first: OULAD tables go in reference order, with the lookups the later ones need.
    const opened = await Promise.all(
      files.map(async (file) => {
        const csv = await openCsv(file, { onBytes: (n) => sink.bytes(file, n, csv.totalBytes) })
        return { file, csv, oulad: ouladTableOf(csv.header) }
      }),
    )
    const rank = (t: OuladTable | null): number => (t === null ? -1 : OULAD_ORDER.indexOf(t))
    opened.sort((a, b) => rank(a.oulad) - rank(b.oulad))
    const lookups = emptyOuladLookups()
    const ouladFiles = opened.filter((o) => o.oulad !== null)
    if (ouladFiles.length > 0) {
      const have = new Set(ouladFiles.map((o) => o.oulad))
      // Lookups from sibling tables not named on the command line (assessments for scores, registrations for withdrawals).
      const dirs = [...new Set(ouladFiles.map((o) => path.dirname(o.file)))]
      for (const [table, file] of [
        ['courses', 'courses.csv'],
        ['assessments', 'assessments.csv'],
        ['studentRegistration', 'studentRegistration.csv'],
      ] as const) {
        const sibling = dirs.map((d) => path.join(d, file)).find((f) => fs.existsSync(f))
        const named = opened.find((o) => o.oulad === table)
        const csv = named?.csv ?? (sibling ? await openCsv(sibling) : undefined)
        if (!csv) continue
        for await (const row of csv.rows()) if (!row.issue) rememberOuladRow(table, row.values, lookups)
      }
      sink.note(
        `OULAD tables: ${[...have].join(', ')}; students are imported as people of team "OULAD learners" (inactive, not sales reps)`,
      )
    }
    for (const { csv, oulad } of opened) {
      for (const n of csv.sniff.notes) sink.note(n)
      if (oulad === null) {
        const columns = findCompletionColumns(csv.header)
        const missing = [
          !columns.email && !columns.name ? 'email' : null,
          !columns.course ? 'course' : null,
          !columns.completedAt ? 'completed_at' : null,
        ].filter((c): c is string => c !== null)
        if (missing.length > 0)
          throw new RevlabError(
            'BAD_INPUT',
            `${csv.name}: missing column(s) ${missing.join(', ')} (header: ${csv.header.join(', ')})`,
            { hint: 'an LMS completion CSV needs email, course, completed_at (score and status optional)' },
          )
        for await (const row of csv.rows()) {
          await sink.row(
            row.ref,
            row.raw,
            row.issue ? { records: [], issues: [row.issue] } : mapCompletionRow(row.values, columns, context),
          )
        }
        continue
      }
      for await (const row of csv.rows()) {
        await sink.row(
          row.ref,
          row.raw,
          row.issue
            ? { records: [], issues: [row.issue] }
            : mapOuladRow(oulad, row.values, lookups, context.source),
        )
      }
    }
  },
}
