/**
 * Looks at the first bytes of a CSV file and says how to read it, or why it
 * cannot be read, in one line that names the file. Pure.
 */
import { RevlabError } from '@revlab/domain'

export type CsvEncoding = 'utf-8' | 'windows-1252'
export type CsvDelimiter = ',' | ';' | '\t' | '|'

export type CsvSniff = {
  encoding: CsvEncoding
  bom: boolean
  delimiter: CsvDelimiter
  crlf: boolean
  notes: string[]
}

const DELIMITERS: CsvDelimiter[] = [',', ';', '\t', '|']
const delimiterName = (d: CsvDelimiter): string =>
  d === '\t' ? 'tabs' : d === ',' ? 'commas' : d === ';' ? 'semicolons' : 'pipes'

const badInput = (file: string, problem: string, hint: string): RevlabError =>
  new RevlabError('BAD_INPUT', `${file}: ${problem}`, { hint })

/** Counts delimiter characters outside double quotes on the first line. */
function countOutsideQuotes(line: string, ch: string): number {
  let n = 0
  let quoted = false
  for (const c of line) {
    if (c === '"') quoted = !quoted
    else if (c === ch && !quoted) n++
  }
  return n
}

function isBinary(bytes: Uint8Array): boolean {
  let control = 0
  for (const b of bytes) {
    if (b === 0) return true
    if (b < 9 || (b > 13 && b < 32)) control++
  }
  return bytes.length > 0 && control / bytes.length > 0.05
}

function decodesAsUtf8(bytes: Uint8Array, complete: boolean): boolean {
  // A sample may end inside a multi-byte character: drop up to 3 trailing bytes of a partial one.
  let end = bytes.length
  if (!complete) {
    let back = 0
    while (back < 3 && end - back - 1 >= 0 && ((bytes[end - back - 1] ?? 0) & 0xc0) === 0x80) back++
    const lead = bytes[end - back - 1] ?? 0
    if (lead >= 0xc0) end = end - back - 1
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end))
    return true
  } catch {
    return false
  }
}

/**
 * `sample` is the start of the file (64 KiB is plenty); `complete` says it is the whole file.
 * `expected` is a column the header must have, used to tell a wrong delimiter from a missing column.
 */
export function sniffCsv(
  sample: Uint8Array,
  file: string,
  options: { complete: boolean; delimiter?: CsvDelimiter },
): CsvSniff {
  const notes: string[] = []
  if (sample.length === 0)
    throw badInput(file, 'the file is empty', 'export the data again; the file has no bytes')
  if (isBinary(sample))
    throw badInput(
      file,
      'this is binary data, not CSV text',
      'check the path: a spreadsheet (.xlsx) or zip must be saved as CSV first',
    )
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf
  const body = bom ? sample.subarray(3) : sample
  let encoding: CsvEncoding = 'utf-8'
  if (!decodesAsUtf8(body, options.complete)) {
    encoding = 'windows-1252'
    notes.push(`${file}: not UTF-8; read as Windows-1252`)
  }
  const text = new TextDecoder(encoding).decode(body)
  if (text.trim() === '')
    throw badInput(file, 'the file has no header and no rows', 'export the data again with its header line')
  const firstLine = text.slice(0, text.search(/\r?\n|$/))
  const crlf = /\r\n/.test(text.slice(0, 4096))
  let delimiter = options.delimiter
  if (!delimiter) {
    const counts = DELIMITERS.map((d) => [d, countOutsideQuotes(firstLine, d)] as const)
    const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a))
    delimiter = best[1] > 0 ? best[0] : ','
    if (delimiter !== ',') notes.push(`${file}: columns are separated by ${delimiterName(delimiter)}`)
  }
  return { encoding, bom, delimiter, crlf, notes }
}

/** Checks the header: no blank or repeated names, every required column present. Pure. */
export function checkCsvHeader(
  header: readonly string[],
  file: string,
  required: readonly string[],
  delimiter: CsvDelimiter,
): void {
  const seen = new Map<string, number>()
  header.forEach((name, i) => {
    const key = name.trim()
    if (key === '') return
    const first = seen.get(key)
    if (first !== undefined)
      throw badInput(
        file,
        `the header repeats column "${key}" (columns ${first + 1} and ${i + 1})`,
        'rename one of them so every column has its own name',
      )
    seen.set(key, i)
  })
  const missing = required.filter((c) => !seen.has(c))
  if (missing.length === 0) return
  const other = DELIMITERS.find((d) => d !== delimiter && header.some((h) => h.includes(d)))
  if (header.length === 1 && other)
    throw badInput(
      file,
      `the header is one column; the file looks separated by ${delimiterName(other)}, not ${delimiterName(delimiter)}`,
      'save the file as comma-separated, or check that it is the right file',
    )
  throw badInput(
    file,
    `missing required column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')}`,
    `the header has: ${header.slice(0, 12).join(', ')}${header.length > 12 ? ', …' : ''}`,
  )
}
