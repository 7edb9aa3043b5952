/**
 * The imports API (issue 3): upload export files into the store, preview the
 * first rows as mapped without committing, and list past runs with their
 * quarantined rows. The result keys are the ones `revlab import --json` prints.
 */
import { z } from 'zod'

/** Roles that may import data (and see runs): an import changes what everyone sees. */
export const IMPORT_ROLES = ['admin', 'leader', 'analyst'] as const

export const ImportRejectSchema = z.object({
  file: z.string(),
  /** Data rows counted from 1 (the header is not a row). */
  row: z.number().int(),
  /** The physical line in the file (a quoted newline makes it differ from the row). */
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
})
export type ImportRejectItem = z.infer<typeof ImportRejectSchema>

export const ImportResultSchema = z.object({
  run_id: z.string(),
  source: z.string(),
  status: z.enum(['committed', 'failed']),
  files: z.array(z.string()),
  rows_read: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
  rejects: z.array(ImportRejectSchema),
  created: z.record(z.string(), z.number()),
  repeated_ids: z.object({ ids: z.number(), rows: z.number(), examples: z.array(z.string()) }),
  notes: z.array(z.string()),
  seconds: z.number(),
})
export type ImportResultResponse = z.infer<typeof ImportResultSchema>

/** A one-line error as the API renders it. */
export const ImportJobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
})

/**
 * An import running in the background: `POST /api/v1/imports` answers 202
 * with it, `GET /api/v1/imports/{id}/progress` polls it. Kept in the
 * server's memory while it runs and for a while after (then 404: the stored
 * run, `result.run_id`, stays in `GET /api/v1/imports`).
 */
export const ImportJobSchema = z.object({
  /** The job's id (`job_...`); the stored run's id is `result.run_id` once it ends. */
  id: z.string(),
  source: z.string(),
  files: z.array(z.string()),
  status: z.enum(['running', 'committed', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  elapsedSeconds: z.number(),
  /** Data rows read so far (all of them once committed). */
  rowsRead: z.number().int(),
  /** Bytes of the uploaded files read so far, of `totalBytes`. */
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
  /** The file being read, when known. */
  file: z.string().nullable(),
  /** The result, as `revlab import --json` prints it: set when the run ended (committed, or failed under strict). */
  result: ImportResultSchema.nullable(),
  /** Why a failed run failed, in one line (a strict failure also has its result). */
  error: ImportJobErrorSchema.nullable(),
})
export type ImportJob = z.infer<typeof ImportJobSchema>

export const ImportRunSchema = z.object({
  id: z.string(),
  source: z.string(),
  status: z.enum(['committed', 'failed']),
  startedAt: z.string(),
  finishedAt: z.string(),
  files: z.array(z.string()),
  rowsRead: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.number().int(),
})
export type ImportRunItem = z.infer<typeof ImportRunSchema>

export const ImportRunListSchema = z.object({ runs: z.array(ImportRunSchema) })
export type ImportRunList = z.infer<typeof ImportRunListSchema>

export const ImportRunDetailSchema = z.object({
  run: ImportRunSchema,
  summary: z.record(z.string(), z.unknown()),
  rejects: z.array(ImportRejectSchema.extend({ raw: z.string() })),
})
export type ImportRunDetail = z.infer<typeof ImportRunDetailSchema>

export const ImportSourceInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  needsMapping: z.boolean(),
})
export const ImportSourcesSchema = z.object({
  sources: z.array(ImportSourceInfoSchema),
  /** Mapping files shipped with Revlab, by name (for the mapped source). */
  mappings: z.array(z.string()),
  /** The largest upload accepted, in bytes (larger ones get 413). */
  maxUploadBytes: z.number().int(),
})
export type ImportSources = z.infer<typeof ImportSourcesSchema>

export const ImportPreviewRowSchema = z.object({
  file: z.string(),
  row: z.number().int(),
  line: z.number().int(),
  status: z.enum(['ok', 'rejected']),
  /** The table the row's own record goes to, and that record as mapped. */
  table: z.string().nullable(),
  record: z.record(z.string(), z.unknown()).nullable(),
  /** Other records the row brings along (people, aliases, signals), by table. */
  alsoCreates: z.record(z.string(), z.number()),
  issues: z.array(z.object({ column: z.string().nullable(), reason: z.string() })),
})
export type ImportPreviewRow = z.infer<typeof ImportPreviewRowSchema>

export const ImportPreviewSchema = z.object({
  source: z.string(),
  files: z.array(z.string()),
  rows: z.array(ImportPreviewRowSchema),
  notes: z.array(z.string()),
  /** True when the files hold more rows than the preview shows. */
  truncated: z.boolean(),
})
export type ImportPreview = z.infer<typeof ImportPreviewSchema>

/** The multipart form fields of an upload besides the files (`file`, one or more). */
export const ImportFormSchema = z.object({
  source: z.string().min(1, 'choose a source'),
  /** A shipped mapping name, or a mapping file's JSON text (mapped source). */
  mapping: z.string().optional(),
  strict: z.enum(['true', 'false']).optional(),
  customFieldsAsSignals: z.enum(['true', 'false']).optional(),
})
export type ImportForm = z.infer<typeof ImportFormSchema>
