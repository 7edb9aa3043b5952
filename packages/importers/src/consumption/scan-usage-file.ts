/**
 * One pass over a usage CSV's bytes before it is read: whether it holds a
 * double quote (the JS reader then needs the CSV parser), and whether the
 * engine can read it natively with the same rows, lines and text as the JS
 * reader: UTF-8 without a byte order mark, no double quote, no carriage
 * return, no NUL byte, the header on its first line. The data rows counted
 * here (lines after the header) are what the engine must read; a blank or
 * ragged line makes it read fewer, and the import then reads the file in JS.
 */
import { isAscii, isUtf8 } from 'node:buffer'
import fs from 'node:fs'

export type UsageFileScan = {
  /** A double quote anywhere (0x22 in UTF-8 and Windows-1252 alike). */
  quote: boolean
  /** Why the engine cannot read the file as the JS reader does, or null when it can. */
  unfit: string | null
  /** Lines after the first (a last line without a line end counts). */
  dataRows: number
}

const LF = 0x0a
const CR = 0x0d
const QUOTE = 0x22
const READ_BYTES = 4 << 20

/** The first line's fields as the header reads them (split by the delimiter, trimmed). */
const sameHeader = (line: Buffer, header: readonly string[], delimiter: string): boolean => {
  const fields = line.toString('utf8').split(delimiter)
  return fields.length === header.length && fields.every((f, i) => f.trim() === header[i])
}

export function scanUsageFile(file: string, header: readonly string[], delimiter: string): UsageFileScan {
  const fd = fs.openSync(file, 'r')
  const buffer = Buffer.alloc(READ_BYTES)
  let quote = false
  let unfit: string | null = null
  let lines = 0
  let last = -1
  let first = true
  // The bytes after the last line end read so far: UTF-8 is checked a line at a time, never across a cut.
  let tail: Buffer = Buffer.alloc(0)
  const check = (bytes: Buffer): void => {
    if (unfit === null && !isAscii(bytes) && !isUtf8(bytes)) unfit = 'it is not UTF-8'
  }
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      const bytes = buffer.subarray(0, n)
      last = bytes[n - 1] ?? -1
      if (!quote && bytes.includes(QUOTE)) quote = true
      if (first) {
        first = false
        if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
          unfit = 'it starts with a byte order mark'
        const end = bytes.indexOf(LF)
        if (unfit === null && !sameHeader(bytes.subarray(0, end === -1 ? n : end), header, delimiter))
          unfit = 'its first line is not the header'
      }
      if (unfit === null && quote) unfit = 'it has double quotes'
      if (unfit === null && bytes.includes(CR)) unfit = 'its lines end in carriage returns'
      if (unfit === null && bytes.includes(0)) unfit = 'it has NUL bytes'
      if (unfit !== null) {
        if (quote) break
        continue
      }
      const cut = bytes.lastIndexOf(LF)
      if (cut === -1) tail = Buffer.concat([tail, bytes])
      else {
        check(
          tail.length > 0 ? Buffer.concat([tail, bytes.subarray(0, cut + 1)]) : bytes.subarray(0, cut + 1),
        )
        tail = Buffer.from(bytes.subarray(cut + 1))
      }
      for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) lines++
    }
    check(tail)
  } finally {
    fs.closeSync(fd)
  }
  if (last !== -1 && last !== LF) lines++
  return { quote, unfit, dataRows: Math.max(0, lines - 1) }
}
