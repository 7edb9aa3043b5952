/**
 * `revlab import salesforce FOLDER|FILE...`: a Salesforce data export (a
 * folder of object CSVs named by API name: Opportunity.csv, Account.csv…).
 * Files are read parents first (User, Account, Contact, Opportunity, then
 * history, contact roles, tasks and events) so references resolve; records
 * are keyed by Salesforce Id, so a newer export updates them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { RevlabError } from '@revlab/domain'
import { openCsv, type CsvFile } from '../framework/read-csv.js'
import type { ImportSource, RowSink } from '../framework/run-import.js'
import type { MappedRow } from '../framework/types.js'
import {
  SF_OBJECTS,
  SF_REQUIRED,
  buildStageModel,
  collectStage,
  customFieldDefinitions,
  mapAccount,
  mapActivity,
  mapContact,
  mapContactRole,
  mapOpportunity,
  mapOpportunityHistory,
  mapUser,
  withManager,
  type HistoryRow,
  type SfObject,
  type SfOptions,
  type SfState,
} from './map-objects.js'

export {
  seniorityFromTitle,
  stakeholderRoles,
  dealKindFromType,
  taskActivityType,
  eventActivityType,
  activityWeight,
} from './vocabulary.js'
export { buildStageModel, mapOpportunityHistory, SF_OBJECTS, type SfObject } from './map-objects.js'

/** Source options, given as the mapping (`--map options.json`) or by the CLI/API flags. */
export function parseSalesforceOptions(options: unknown): SfOptions {
  if (options === undefined || options === null) return { customFieldsAsSignals: false }
  if (typeof options !== 'object' || Array.isArray(options))
    throw new RevlabError('BAD_USAGE', 'Salesforce options must be a JSON object', {
      hint: 'e.g. {"customFieldsAsSignals": true}',
    })
  const o = options as Record<string, unknown>
  const known = ['customFieldsAsSignals']
  const unknown = Object.keys(o).filter((k) => !known.includes(k))
  if (unknown.length > 0)
    throw new RevlabError('BAD_USAGE', `unknown Salesforce option(s): ${unknown.join(', ')}`, {
      hint: `options: ${known.join(', ')}`,
    })
  if (o.customFieldsAsSignals !== undefined && typeof o.customFieldsAsSignals !== 'boolean')
    throw new RevlabError('BAD_USAGE', 'customFieldsAsSignals must be true or false')
  return { customFieldsAsSignals: o.customFieldsAsSignals === true }
}

/** The export object a file holds, from its name (`Opportunity.csv`, `OpportunityHistory-2024.csv`). */
export function salesforceObjectOf(file: string): SfObject | undefined {
  const base = path
    .basename(file)
    .replace(/\.csv$/i, '')
    .toLowerCase()
  // Longest names first, so "OpportunityHistory" is not taken for "Opportunity".
  const byLength = [...SF_OBJECTS].sort((a, b) => b.length - a.length)
  return byLength.find(
    (o) =>
      base === o.toLowerCase() ||
      base.startsWith(`${o.toLowerCase()}-`) ||
      base.startsWith(`${o.toLowerCase()}_`),
  )
}

/** The CSV files of the given paths (folders expanded), each with its object, in the order they must be read. */
export function listExportFiles(paths: readonly string[]): {
  files: { file: string; object: SfObject }[]
  skipped: string[]
} {
  const all: string[] = []
  for (const p of paths) {
    if (fs.existsSync(p) && fs.statSync(p).isDirectory())
      all.push(
        ...fs
          .readdirSync(p)
          .filter((f) => f.toLowerCase().endsWith('.csv'))
          .sort()
          .map((f) => path.join(p, f)),
      )
    else all.push(p)
  }
  const files: { file: string; object: SfObject }[] = []
  const skipped: string[] = []
  for (const file of all) {
    const object = salesforceObjectOf(file)
    if (object) files.push({ file, object })
    else skipped.push(path.basename(file))
  }
  files.sort((a, b) => SF_OBJECTS.indexOf(a.object) - SF_OBJECTS.indexOf(b.object))
  return { files, skipped }
}

async function streamRows(
  csv: CsvFile,
  sink: RowSink,
  file: string,
  map: (values: Readonly<Record<string, string>>) => MappedRow,
): Promise<void> {
  for await (const row of csv.rows()) {
    await sink.row(row.ref, row.raw, row.issue ? { records: [], issues: [row.issue] } : map(row.values))
  }
  sink.bytes(file, csv.totalBytes, csv.totalBytes)
}

export const salesforceSource: ImportSource = {
  name: 'salesforce',
  description: 'a Salesforce data export: a folder of object CSVs (Opportunity, Account, User, …)',
  async read(paths, sink, context) {
    const options = parseSalesforceOptions(context.mapping)
    const { files, skipped } = listExportFiles(paths)
    if (files.length === 0)
      throw new RevlabError('BAD_INPUT', `no Salesforce object files in ${paths.join(', ')}`, {
        hint: `expected CSV files named ${SF_OBJECTS.map((o) => `${o}.csv`).join(', ')}`,
      })
    if (skipped.length > 0) sink.note(`not Salesforce objects Revlab reads, skipped: ${skipped.join(', ')}`)
    const state: SfState = {
      present: new Set(files.map((f) => f.object)),
      users: new Map(),
      accounts: new Map(),
      contacts: new Map(),
      opportunities: new Map(),
      stages: new Map(),
      customFields: [],
    }
    const opened: { file: string; object: SfObject; csv: CsvFile }[] = []
    for (const { file, object } of files) {
      const csv: CsvFile = await openCsv(file, {
        required: SF_REQUIRED[object],
        onBytes: (n) => sink.bytes(file, n, csv.totalBytes),
      })
      for (const n of csv.sniff.notes) sink.note(n)
      opened.push({ file, object, csv })
    }

    // Setup first: the stage model from every stage the export names, and the custom fields' definitions.
    for (const { object, csv } of opened) {
      if (object !== 'Opportunity' && object !== 'OpportunityHistory') continue
      for await (const row of csv.rows()) if (!row.issue) collectStage(state, row.values)
      if (object === 'Opportunity') {
        const custom = csv.header.filter((h) => /__c$/i.test(h) && !state.customFields.includes(h))
        if (options.customFieldsAsSignals) state.customFields.push(...custom)
        else if (custom.length > 0)
          sink.note(
            `${csv.name}: ${custom.length} custom field(s) not imported (${custom.join(', ')}); import them as signals with --custom-fields-as-signals`,
          )
      }
    }
    await sink.setup([
      ...buildStageModel(state.stages.values()),
      ...customFieldDefinitions(state.customFields),
    ])

    for (const { file, object, csv } of opened) {
      switch (object) {
        case 'User': {
          // Managers can come later in the file than their reports: learn every user first.
          const rows: {
            ref: Parameters<RowSink['row']>[0]
            raw: string
            mapped: MappedRow
            values: Readonly<Record<string, string>>
          }[] = []
          for await (const row of csv.rows())
            rows.push({
              ref: row.ref,
              raw: row.raw,
              values: row.values,
              mapped: row.issue ? { records: [], issues: [row.issue] } : mapUser(row.values, state, context),
            })
          for (const r of rows) await sink.row(r.ref, r.raw, withManager(r.mapped, r.values, state))
          sink.bytes(file, csv.totalBytes, csv.totalBytes)
          break
        }
        case 'Account':
          await streamRows(csv, sink, file, (v) => mapAccount(v, state, context))
          break
        case 'Contact':
          await streamRows(csv, sink, file, (v) => mapContact(v, state, context))
          break
        case 'Opportunity':
          await streamRows(csv, sink, file, (v) => mapOpportunity(v, state, context, options))
          break
        case 'OpportunityHistory': {
          // A stage visit ends at the next change of stage: read the whole history before mapping any row.
          const rows: (HistoryRow & {
            ref: Parameters<RowSink['row']>[0]
            raw: string
            issue: MappedRow | null
          })[] = []
          for await (const row of csv.rows())
            rows.push({
              index: rows.length,
              ref: row.ref,
              raw: row.raw,
              values: row.values,
              issue: row.issue ? { records: [], issues: [row.issue] } : null,
            })
          const mapped = mapOpportunityHistory(
            rows.filter((r) => !r.issue),
            state,
          )
          let within = 0
          for (const r of rows) {
            const m = r.issue ?? mapped.get(r.index) ?? { records: [], issues: [] }
            const visit = m.records[0]?.record.id
            if (visit !== undefined && visit !== `sf:${r.values.Id ?? ''}`) within++
            await sink.row(r.ref, r.raw, m)
          }
          if (within > 0)
            sink.note(
              `${csv.name}: ${within} row(s) change amount or close date within a stage; each is counted with its stage visit`,
            )
          sink.bytes(file, csv.totalBytes, csv.totalBytes)
          break
        }
        case 'OpportunityContactRole':
          await streamRows(csv, sink, file, (v) => mapContactRole(v, state, context))
          break
        case 'Task':
        case 'Event':
          await streamRows(csv, sink, file, (v) => mapActivity(object, v, state, context))
          break
      }
    }
  },
}
