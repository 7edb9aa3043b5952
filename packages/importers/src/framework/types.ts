/**
 * The shapes every importer shares. A source reads its files and, for each
 * row, hands the sink either the records the row becomes or the issues that
 * keep it out; the framework does the rest (batching, idempotent upserts,
 * quarantine, accounting, one transaction).
 */
import type { BulkWriter, StoreTx, TableName, UpsertMode, UpsertOutcome } from '@revlab/db'

/** Where a row came from: `row` counts data rows from 1 (the header is not a row); `line` is the physical line. */
export type RowRef = { file: string; row: number; line: number }

/** Why a row cannot be stored, and which column says so (null when no one column does). */
export type RowIssue = { column: string | null; reason: string }

/** One record a row becomes. The first record of a row is the row's own; the rest are what it refers to or carries. */
export type StagedRecord = {
  table: TableName
  record: Record<string, unknown>
  /** `ensure` for records a row only refers to (an account named by a deal): created if missing, never overwritten. */
  mode?: UpsertMode
  idField?: string
  /** A record the row's own record owns (a deal's signal), with an id derived from it: new when its owner is new. */
  child?: boolean
  /** For a child: the field that holds its owner's id (`dealId`); a staged import replaces an owner's children with the newer export's. */
  ownerField?: string
}

/** What a pure row mapper returns: the records, or the issues that send the row to quarantine. */
export type MappedRow = {
  records: StagedRecord[]
  issues: RowIssue[]
  /**
   * Runs in the import's transaction once the row's records are written, with
   * the row's outcome: for what an id-keyed upsert cannot do (a call's
   * utterances, keyed by call and position, replaced when the call changed).
   */
  afterWrite?: (write: { tx: StoreTx; writer: BulkWriter; outcome: UpsertOutcome }) => Promise<void>
}

/** A whole-file parse (small JSON sources): records per row, with the issues of the rows that failed. */
export type ParsedRows = { rows: { ref: RowRef; raw: string; mapped: MappedRow }[]; issues: RowIssue[] }

export type ImportReject = { file: string; row: number; line: number; column: string | null; reason: string }

export type ImportStatus = 'committed' | 'failed'

/** The result of one import, in the keys the CLI prints with --json and the API returns. */
export type ImportResult = {
  run_id: string
  source: string
  status: ImportStatus
  files: string[]
  rows_read: number
  inserted: number
  updated: number
  unchanged: number
  rejected: number
  rejects: ImportReject[]
  /** Records created on the way because a row referred to them (accounts, people, use cases…), by table. */
  created: Record<string, number>
  /** Source ids that appeared more than once in the input: the last version is kept. */
  repeated_ids: { ids: number; rows: number; examples: string[] }
  notes: string[]
  seconds: number
}

export type ImportProgress = { rows: number; bytes: number; totalBytes: number; file: string }
