/**
 * Streams a CSV file row by row with flat memory: sniffs the encoding, BOM
 * and delimiter, normalizes line endings, checks the header, and numbers
 * every row (data rows from 1) and its physical line (quoted newlines make
 * them differ). Ragged rows come out with an issue instead of values.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { parse, CsvError } from 'csv-parse'
import { RevlabError } from '@revlab/domain'
import { checkCsvHeader, sniffCsv, type CsvDelimiter, type CsvSniff } from './sniff-csv.js'
import type { RowIssue, RowRef } from './types.js'

export type CsvRow = {
  ref: RowRef
  /** Column name → value, for rows with as many fields as the header. */
  values: Record<string, string>
  raw: string
  issue: RowIssue | null
}

export type CsvFile = {
  name: string
  header: string[]
  sniff: CsvSniff
  totalBytes: number
  rows: () => AsyncGenerator<CsvRow>
}

export type OpenCsvOptions = {
  required?: readonly string[]
  delimiter?: CsvDelimiter
  /** Called as bytes are read, for a progress bar. */
  onBytes?: (bytesRead: number) => void
}

const SAMPLE_BYTES = 64 * 1024

function readSample(file: string): { sample: Uint8Array; size: number } {
  const fd = fs.openSync(file, 'r')
  try {
    const size = fs.fstatSync(fd).size
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, size))
    const n = fs.readSync(fd, buffer, 0, buffer.length, 0)
    return { sample: buffer.subarray(0, n), size }
  } finally {
    fs.closeSync(fd)
  }
}

/** Decoded text with every CRLF (and lone CR) turned into LF, chunk by chunk. */
async function* decodedText(
  file: string,
  encoding: CsvSniff['encoding'],
  onBytes?: (n: number) => void,
): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding)
  let carry = ''
  let bytes = 0
  // Small chunks: the parser turns a whole chunk into records at once, and records waiting in
  // its buffer outlive the young generation (a megabyte is ~7,000 rows promoted to the old one).
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 64 * 1024 })) {
    const buf = chunk as Buffer
    bytes += buf.length
    onBytes?.(bytes)
    let text = carry + decoder.decode(buf, { stream: true })
    carry = ''
    if (text.endsWith('\r')) {
      carry = '\r'
      text = text.slice(0, -1)
    }
    yield text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  }
  const rest = carry + decoder.decode()
  if (rest) yield rest.replace(/\r\n?/g, '\n')
}

const countNewlines = (fields: readonly string[]): number => {
  let n = 0
  for (const f of fields) {
    if (f.indexOf('\n') === -1) continue
    for (const c of f) if (c === '\n') n++
  }
  return n
}

const isBlankRecord = (fields: readonly string[]): boolean =>
  fields.length === 1 && (fields[0] ?? '').trim() === ''

function parseError(name: string, error: unknown): RevlabError {
  if (error instanceof CsvError) {
    const line = (error as unknown as { lines?: number }).lines
    return new RevlabError(
      'BAD_INPUT',
      `${name}: ${line ? `line ${line}: ` : ''}${error.message.replace(/^Invalid Record Length: |\.$/g, '')}`,
      { hint: 'a quote opened in a field is never closed; check the file was exported as CSV', cause: error },
    )
  }
  return error instanceof RevlabError
    ? error
    : new RevlabError('BAD_INPUT', `${name}: ${String(error)}`, { cause: error })
}

async function* records(
  file: string,
  name: string,
  sniff: CsvSniff,
  onBytes?: (n: number) => void,
): AsyncGenerator<{ fields: string[]; startLine: number }> {
  const parser = Readable.from(decodedText(file, sniff.encoding, onBytes)).pipe(
    parse({
      delimiter: sniff.delimiter,
      record_delimiter: '\n',
      relax_column_count: true,
      relax_quotes: true,
      info: true,
      max_record_size: 1 << 20,
    }),
  )
  try {
    for await (const item of parser) {
      const { record, info } = item as { record: string[]; info: { lines: number } }
      yield { fields: record, startLine: info.lines - countNewlines(record) }
    }
  } catch (error) {
    throw parseError(name, error)
  }
}

/** Opens a CSV file: reads its header (failing with a one-line error on a bad file) and returns a row stream. */
export async function openCsv(file: string, options: OpenCsvOptions = {}): Promise<CsvFile> {
  const name = path.basename(file)
  let sampled: { sample: Uint8Array; size: number }
  try {
    sampled = readSample(file)
  } catch (error) {
    throw new RevlabError('BAD_INPUT', `${file}: cannot read the file (${(error as Error).message})`, {
      hint: 'check the path',
      cause: error,
    })
  }
  const sniff = sniffCsv(sampled.sample, name, {
    complete: sampled.sample.length === sampled.size,
    ...(options.delimiter ? { delimiter: options.delimiter } : {}),
  })
  let header: string[] | undefined
  for await (const { fields } of records(file, name, sniff)) {
    if (isBlankRecord(fields)) continue
    header = fields.map((h) => h.trim())
    break
  }
  if (!header)
    throw new RevlabError('BAD_INPUT', `${name}: the file has no header and no rows`, {
      hint: 'export the data again with its header line',
    })
  checkCsvHeader(header, name, options.required ?? [], sniff.delimiter)
  const columns = header
  return {
    name,
    header: columns,
    sniff,
    totalBytes: sampled.size,
    async *rows() {
      let seenHeader = false
      let row = 0
      for await (const { fields, startLine } of records(file, name, sniff, options.onBytes)) {
        if (isBlankRecord(fields)) continue
        if (!seenHeader) {
          seenHeader = true
          continue
        }
        row++
        const ref: RowRef = { file: name, row, line: startLine }
        const delimiter = sniff.delimiter
        // Trailing empty fields (a spreadsheet's extra delimiters) are not data.
        let n = fields.length
        while (n > columns.length && (fields[n - 1] ?? '') === '') n--
        if (n !== columns.length) {
          yield {
            ref,
            values: {},
            raw: fields.join(delimiter),
            issue: {
              column: null,
              reason: `the row has ${n} field${n === 1 ? '' : 's'}, the header has ${columns.length}`,
            },
          }
          continue
        }
        const values: Record<string, string> = {}
        for (let i = 0; i < columns.length; i++) values[columns[i] ?? ''] = fields[i] ?? ''
        // The raw text is only wanted for a row that gets quarantined: joined on demand.
        yield {
          ref,
          values,
          get raw() {
            return fields.join(delimiter)
          },
          issue: null,
        }
      }
    },
  }
}
