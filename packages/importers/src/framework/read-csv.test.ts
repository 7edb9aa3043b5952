import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isRevlabError } from '@revlab/domain'
import { openCsv, type CsvRow } from './read-csv.js'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'revlab-csv-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
let n = 0
const write = (content: string | Uint8Array): string => {
  const file = path.join(dir, `f${++n}.csv`)
  fs.writeFileSync(file, content)
  return file
}
const readAll = async (file: string, required: string[] = []): Promise<CsvRow[]> => {
  const csv = await openCsv(file, { required })
  const rows: CsvRow[] = []
  for await (const r of csv.rows()) rows.push(r)
  return rows
}

describe('openCsv', () => {
  it('numbers data rows from 1 and physical lines apart, across quoted newlines, CRLF and blank lines', async () => {
    const rows = await readAll(write('\uFEFFid,note\r\n1,"two\r\nlines"\r\n\r\n2,plain\r\n3\r\n'))
    expect(rows.map((r) => [r.ref.row, r.ref.line, r.values, r.issue?.reason ?? null])).toEqual([
      [1, 2, { id: '1', note: 'two\nlines' }, null],
      [2, 5, { id: '2', note: 'plain' }, null],
      [3, 6, {}, 'the row has 1 field, the header has 2'],
    ])
  })
  it('reads Windows-1252 text', async () => {
    const rows = await readAll(write(new Uint8Array([...Buffer.from('name\nJos'), 0xe9, 0x0a])))
    expect(rows[0]?.values.name).toBe('José')
  })
  it('tolerates trailing empty fields', async () => {
    const rows = await readAll(write('a,b\n1,2,,\n'))
    expect(rows[0]?.issue).toBeNull()
  })
  it('fails with one line on an unclosed quote', async () => {
    await expect(readAll(write('a,b\n1,"open\n'))).rejects.toThrow(/^f\d+\.csv: /)
  })
})

describe('openCsv on random input', () => {
  const outcome = async (content: Uint8Array | string): Promise<boolean> => {
    const file = write(content)
    try {
      const rows = await readAll(file)
      return rows.every((r, i) => r.ref.row === i + 1 && r.ref.line >= 2)
    } catch (e) {
      return isRevlabError(e) && /^f\d+\.csv: /.test(e.message)
    } finally {
      fs.rmSync(file)
    }
  }
  it('gives rows or a one-line error for random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 1_000 }), outcome), { numRuns: 150 })
  })
  it('gives rows or a one-line error for random CSV-ish text', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 6 }),
      fc.constantFrom('"', '""', '\n', '\r\n', ',', ';', 'é'),
    )
    const text = fc
      .array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 })
      .map((rows) => rows.map((r) => r.join(',')).join('\n'))
    await fc.assert(fc.asyncProperty(text, outcome), { numRuns: 150 })
  })
})
