/**
 * Reads the files of a call import into transcripts, one file at a time so a
 * bad file becomes one error naming it (binary, empty, no speakers, not a
 * transcript) instead of stopping the import. Gong API responses given
 * together (calls/extensive + calls/transcript) are merged by call id.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { ParsedTranscript } from '@revlab/analyses'
import {
  detectTranscriptFormat,
  parseTranscript,
  parseTranscriptFiles,
  type TranscriptFile,
} from '../transcripts/index.js'

export type TranscriptFileRead =
  | {
      kind: 'parsed'
      /** The file's name as rejects and call metadata show it. */
      file: string
      /** sha256 of the file's bytes (of the first Gong file for merged Gong calls). */
      contentHash: string
      modifiedAt: string
      transcripts: ParsedTranscript[]
    }
  | { kind: 'failed'; file: string; reason: string }

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Files under the paths: a folder gives its visible files, sorted. */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) =>
    fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p)
          .filter((f) => !f.startsWith('.'))
          .sort()
          .map((f) => path.join(p, f))
          .filter((f) => fs.statSync(f).isFile())
      : [p],
  )
}

/** Parse every file; `gongOnly` rejects files that are not Gong API JSON. */
export function readTranscriptFiles(
  paths: readonly string[],
  options: { gongOnly: boolean },
): TranscriptFileRead[] {
  const out: TranscriptFileRead[] = []
  const gong: { input: TranscriptFile; contentHash: string; modifiedAt: string }[] = []
  for (const p of paths) {
    const name = path.basename(p)
    let bytes: Buffer
    let modifiedAt: string
    try {
      bytes = fs.readFileSync(p)
      modifiedAt = fs.statSync(p).mtime.toISOString()
    } catch (error) {
      out.push({ kind: 'failed', file: name, reason: `${name}: cannot read the file (${message(error)})` })
      continue
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex').slice(0, 24)
    const input: TranscriptFile = { name, text: bytes.toString('utf8') }
    try {
      const format = detectTranscriptFormat(input)
      if (format === 'gong') {
        // Validates the file alone (JSON, a Gong response); calls are parsed merged below.
        parseTranscriptFiles([input])
        gong.push({ input, contentHash, modifiedAt })
      } else if (options.gongOnly) {
        out.push({
          kind: 'failed',
          file: name,
          reason: `${name}: not a Gong API JSON response (calls, calls/extensive or calls/transcript); use the transcript source for ${format} files`,
        })
      } else
        out.push({
          kind: 'parsed',
          file: name,
          contentHash,
          modifiedAt,
          transcripts: parseTranscript(input, format),
        })
    } catch (error) {
      // An extensive response alone has no speech, but its transcript may come in another file.
      if (detectTranscriptFormat(input) === 'gong' && /no speakers/.test(message(error)))
        gong.push({ input, contentHash, modifiedAt })
      else out.push({ kind: 'failed', file: name, reason: message(error) })
    }
  }
  if (gong.length > 0) {
    try {
      const merged = parseTranscriptFiles(gong.map((g) => g.input))
      const seen = new Set<string>()
      for (const { file, transcripts } of merged) {
        seen.add(file)
        const g = gong.find((x) => x.input.name === file) ?? gong[0]
        out.push({
          kind: 'parsed',
          file,
          contentHash: g?.contentHash ?? '',
          modifiedAt: g?.modifiedAt ?? new Date(0).toISOString(),
          transcripts,
        })
      }
    } catch (error) {
      const [first] = gong
      out.push({ kind: 'failed', file: first?.input.name ?? '', reason: message(error) })
    }
  }
  return out
}
