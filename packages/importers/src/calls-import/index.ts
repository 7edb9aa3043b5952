/**
 * Call sources: `revlab import transcript PATH...` (Gong JSON, WebVTT, SRT,
 * plain text, RTTM) and `revlab import gong PATH...` (Gong API responses
 * only). Each call is one row: the call upserts by its source id; its
 * utterances, metrics, evidence and call-sourced deal signals are written
 * when the call is new and replaced when it changed; an unchanged call is
 * left alone. Options: `internal` (comma-separated speaker names on the
 * selling side) and `deal` (the deal every call belongs to).
 */
import { analyzeStoredCall } from '@revlab/analyses'
import { dealExists, deleteCallChildren, writeCallAnalyses } from '@revlab/db'
import { RevlabError } from '@revlab/domain'
import type { ImportSource, RowSink, SourceContext } from '../framework/run-import.js'
import { mapCall } from './map-call.js'
import { expandPaths, readTranscriptFiles } from './read-transcript-files.js'

export { mapCall, callIdOf, type MappedCall, type MapCallOptions } from './map-call.js'
export { readTranscriptFiles, type TranscriptFileRead } from './read-transcript-files.js'

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

async function readCalls(
  paths: readonly string[],
  sink: RowSink,
  ctx: SourceContext,
  gongOnly: boolean,
): Promise<void> {
  const internal = (ctx.options?.internal ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0)
  const dealId = ctx.options?.deal?.trim() || null
  let dealChecked = false
  const checkDeal = async (tx: Parameters<typeof dealExists>[0]): Promise<void> => {
    if (dealChecked || dealId === null) return
    if (!(await dealExists(tx, dealId)))
      throw new RevlabError('BAD_USAGE', `--deal ${dealId}: no such deal`, {
        hint: 'revlab deals lists them; import the CRM first',
      })
    dealChecked = true
  }
  for (const read of readTranscriptFiles(expandPaths(paths), { gongOnly })) {
    if (read.kind === 'failed') {
      await sink.row({ file: read.file, row: 1, line: 1 }, '', {
        records: [],
        issues: [{ column: null, reason: read.reason }],
      })
      continue
    }
    for (const [index, transcript] of read.transcripts.entries()) {
      const ref = { file: read.file, row: index + 1, line: 1 }
      const raw = `${transcript.format} call ${transcript.sourceId ?? index + 1} of ${read.file}`
      if (transcript.turns.length === 0) {
        await sink.row(ref, raw, {
          records: [],
          issues: [{ column: null, reason: `${read.file}: no speakers: the call has no speaker turns` }],
        })
        continue
      }
      let mapped
      let analysis
      try {
        mapped = mapCall(transcript, ctx, {
          file: read.file,
          contentHash: read.contentHash,
          modifiedAt: read.modifiedAt,
          index,
          count: read.transcripts.length,
          internal,
          dealId,
        })
        analysis = analyzeStoredCall(mapped)
      } catch (error) {
        await sink.row(ref, raw, {
          records: [],
          issues: [{ column: null, reason: `${read.file}: ${message(error)}` }],
        })
        continue
      }
      const { call, utterances } = mapped
      const { metrics, evidence, signals } = analysis
      await sink.row(ref, raw, {
        records: [{ table: 'calls', record: call }],
        issues: [],
        async afterWrite({ tx, writer, outcome }) {
          if (outcome === 'unchanged') return
          await checkDeal(tx)
          if (outcome === 'updated') await deleteCallChildren(tx, [call.id])
          await writer.append('utterances', utterances)
          await writeCallAnalyses(tx, [{ callId: call.id, metrics, evidence, signals }])
        },
      })
    }
  }
}

export const transcriptSource: ImportSource = {
  name: 'transcript',
  description: 'call transcripts: Gong JSON, WebVTT, SRT, plain text or RTTM (--internal, --deal)',
  read: (files, sink, ctx) => readCalls(files, sink, ctx, false),
}

export const gongSource: ImportSource = {
  name: 'gong',
  description: 'Gong API responses: calls, calls/extensive and calls/transcript JSON (--internal, --deal)',
  read: (files, sink, ctx) => readCalls(files, sink, ctx, true),
}
