/**
 * Whether the database engine's own CSV reader (DuckDB `read_csv`,
 * PostgreSQL `COPY ... csv`) reads a file exactly as `openCsv` does: one
 * pass over the bytes, with flat memory. It does only when every line is one
 * row (no quoted newlines, no blank lines, so line = row + 1), every row has
 * the header's field count, quotes only wrap whole fields, line ends are all
 * LF or all CRLF, the text is valid UTF-8 without a BOM, and no byte is NUL.
 * Anything else the engines might read otherwise (or refuse), so such a file
 * goes through the row-by-row path. The scanner itself is pure.
 */
import fs from 'node:fs'
import { isUtf8 } from 'node:buffer'

export type NativeCsvVerdict = { ok: true; rows: number; crlf: boolean } | { ok: false; reason: string }

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const BACKSLASH = 0x5c
const DOT = 0x2e
/** csv-parse's largest record; a longer line is the row path's error to give. */
const MAX_LINE = 1 << 20

type State = {
  fields: number
  /** 0: unquoted field, 1: inside quotes, 2: a quote seen inside quotes (closing, or the first of a pair). */
  quote: 0 | 1 | 2
  fieldStart: boolean
  lineBytes: number
  lineStart: number[]
  line: number
  crlf: boolean | undefined
  pendingCr: boolean
}

/** A scanner fed chunk by chunk; `finish` gives the verdict. */
export function createNativeCsvScanner(
  delimiter: number,
  columns: number,
): { push(chunk: Uint8Array): string | undefined; finish(): NativeCsvVerdict } {
  const s: State = {
    fields: 1,
    quote: 0,
    fieldStart: true,
    lineBytes: 0,
    lineStart: [],
    line: 0,
    crlf: undefined,
    pendingCr: false,
  }
  let failed: string | undefined

  /** A line ends: it must hold the header's field count and not be the end-of-data mark `\.`. */
  const endLine = (crlf: boolean): string | undefined => {
    if (s.quote === 1) return `line ${s.line + 1} has a quoted line break`
    s.line++
    if (s.crlf === undefined) s.crlf = crlf
    else if (s.crlf !== crlf) return `line ${s.line} ends differently from line 1`
    if (s.lineBytes === 0) return `line ${s.line} is blank`
    if (s.lineBytes === 2 && s.lineStart[0] === BACKSLASH && s.lineStart[1] === DOT)
      return `line ${s.line} is "\\."`
    if (s.fields !== columns) return `line ${s.line} has ${s.fields} fields, the header ${columns}`
    s.fields = 1
    s.quote = 0
    s.fieldStart = true
    s.lineBytes = 0
    s.lineStart.length = 0
    return undefined
  }

  const push = (chunk: Uint8Array): string | undefined => {
    if (failed) return failed
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0
      if (s.pendingCr) {
        s.pendingCr = false
        if (b !== LF) return (failed = `line ${s.line + 1} has a carriage return inside it`)
        const problem = endLine(true)
        if (problem) return (failed = problem)
        continue
      }
      if (b === 0) return (failed = `line ${s.line + 1} holds a NUL byte`)
      if (s.quote === 1) {
        if (b === QUOTE) s.quote = 2
        else if (b === LF || b === CR) return (failed = `line ${s.line + 1} has a quoted line break`)
        s.lineBytes++
        continue
      }
      if (s.quote === 2) {
        if (b === QUOTE) {
          s.quote = 1
          s.lineBytes++
          continue
        }
        s.quote = 0
        if (b !== delimiter && b !== LF && b !== CR)
          return (failed = `line ${s.line + 1} has text after a closing quote`)
      }
      if (b === LF) {
        const problem = endLine(false)
        if (problem) return (failed = problem)
        continue
      }
      if (b === CR) {
        s.pendingCr = true
        continue
      }
      if (++s.lineBytes > MAX_LINE) return (failed = `line ${s.line + 1} is longer than a megabyte`)
      if (s.lineStart.length < 2) s.lineStart.push(b)
      if (b === delimiter) {
        s.fields++
        s.fieldStart = true
      } else if (b === QUOTE) {
        if (!s.fieldStart) return (failed = `line ${s.line + 1} has a quote inside a field`)
        s.quote = 1
        s.fieldStart = false
      } else s.fieldStart = false
    }
    return undefined
  }

  return {
    push,
    finish() {
      if (failed) return { ok: false, reason: failed }
      if (s.pendingCr) return { ok: false, reason: `the last line ends in a lone carriage return` }
      if (s.quote === 1) return { ok: false, reason: `line ${s.line + 1} has a quote never closed` }
      // A last line without its line break is a row like the others.
      if (s.lineBytes > 0 || s.fields > 1) {
        const problem = endLine(s.crlf ?? false)
        if (problem) return { ok: false, reason: problem }
      }
      if (s.line < 1) return { ok: false, reason: 'the file has no header line' }
      return { ok: true, rows: s.line - 1, crlf: s.crlf ?? false }
    },
  }
}

/** Scans `file` (UTF-8 already sniffed, no BOM) and says whether the engine may read it. */
export function checkNativeCsv(file: string, delimiter: string, columns: number): NativeCsvVerdict {
  const scanner = createNativeCsvScanner(delimiter.charCodeAt(0), columns)
  const fd = fs.openSync(file, 'r')
  try {
    const buffer = Buffer.allocUnsafe(1 << 20)
    let carry = 0
    for (;;) {
      const n = fs.readSync(fd, buffer, carry, buffer.length - carry, null)
      const end = carry + n
      if (end === 0) break
      // Check UTF-8 up to the last line break (a character never spans one), the rest with the next chunk.
      const cut = n === 0 ? end : buffer.lastIndexOf(LF, end - 1) + 1
      if (cut === 0 && end === buffer.length) return { ok: false, reason: 'a line is longer than a megabyte' }
      const whole = buffer.subarray(0, cut)
      if (!isUtf8(whole)) return { ok: false, reason: 'the file is not valid UTF-8 throughout' }
      const problem = scanner.push(whole)
      if (problem) return { ok: false, reason: problem }
      buffer.copy(buffer, 0, cut, end)
      carry = end - cut
      if (n === 0) break
    }
    return scanner.finish()
  } finally {
    fs.closeSync(fd)
  }
}
