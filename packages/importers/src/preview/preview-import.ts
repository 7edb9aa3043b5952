/**
 * The first rows of an import as they would be stored, without storing
 * anything: the source reads its files against the store's people and
 * accounts (read only) and the preview stops after `limit` rows.
 */
import path from 'node:path'
import { loadAccountDirectory, loadPersonDirectory, type Store } from '@revlab/db'
import type { ImportPreview, ImportPreviewRow } from '@revlab/domain'
import { createAccountMatcher, createPersonMatcher } from '../framework/directory.js'
import type { ImportSource, RowSink, SourceContext } from '../framework/run-import.js'

class PreviewFull extends Error {}

export async function previewImport(
  store: Store,
  source: ImportSource,
  files: readonly string[],
  options: { mapping?: unknown; limit?: number; now?: Date } = {},
): Promise<ImportPreview> {
  const limit = options.limit ?? 20
  const rows: ImportPreviewRow[] = []
  const notes: string[] = []
  let truncated = false
  const context: SourceContext = {
    people: createPersonMatcher(await loadPersonDirectory(store.db)),
    accounts: createAccountMatcher(await loadAccountDirectory(store.db)),
    now: (options.now ?? new Date()).toISOString(),
    source: source.name,
    mapping: options.mapping,
  }
  const sink: RowSink = {
    async row(ref, _raw, mapped) {
      if (rows.length >= limit) {
        truncated = true
        throw new PreviewFull()
      }
      const own = mapped.issues.length === 0 ? mapped.records[0] : undefined
      const alsoCreates: Record<string, number> = {}
      for (const r of mapped.issues.length === 0 ? mapped.records.slice(1) : [])
        alsoCreates[r.table] = (alsoCreates[r.table] ?? 0) + 1
      rows.push({
        ...ref,
        status: own ? 'ok' : 'rejected',
        table: own?.table ?? null,
        record: own?.record ?? null,
        alsoCreates,
        issues:
          mapped.issues.length > 0 || own
            ? mapped.issues
            : [{ column: null, reason: 'the row holds nothing to import' }],
      })
    },
    async setup() {},
    note(message) {
      if (!notes.includes(message)) notes.push(message)
    },
    bytes() {},
  }
  try {
    await source.read(files, sink, context)
  } catch (error) {
    if (!(error instanceof PreviewFull)) throw error
  }
  return { source: source.name, files: files.map((f) => path.basename(f)), rows, notes, truncated }
}
