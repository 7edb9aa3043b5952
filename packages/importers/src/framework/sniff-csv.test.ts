import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { isRevlabError } from '@revlab/domain'
import { checkCsvHeader, sniffCsv } from './sniff-csv.js'

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)
const sniff = (b: Uint8Array) => sniffCsv(b, 'f.csv', { complete: true })
const errorOf = (work: () => unknown): string => {
  try {
    work()
  } catch (e) {
    if (isRevlabError(e)) return e.message
    throw e
  }
  return 'no error'
}

describe('sniffCsv', () => {
  it('reads a plain UTF-8 file', () => {
    expect(sniff(bytes('a,b\n1,2\n'))).toEqual({
      encoding: 'utf-8',
      bom: false,
      delimiter: ',',
      crlf: false,
      notes: [],
    })
  })
  it('notices a BOM, CRLF, semicolons and tabs', () => {
    expect(sniff(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('a;b\r\n1;2\r\n')]))).toMatchObject({
      bom: true,
      crlf: true,
      delimiter: ';',
    })
    expect(sniff(bytes('a\tb\n1\t2\n')).delimiter).toBe('\t')
  })
  it('reads Windows-1252 text and says so', () => {
    const s = sniff(new Uint8Array([...bytes('name\nJos'), 0xe9, 0x0a]))
    expect(s.encoding).toBe('windows-1252')
    expect(s.notes[0]).toMatch(/Windows-1252/)
  })
  it('does not mistake a multi-byte character cut by the sample for Windows-1252', () => {
    const full = bytes('name\nJosé\n')
    expect(sniffCsv(full.subarray(0, full.length - 2), 'f.csv', { complete: false }).encoding).toBe('utf-8')
  })
  it.each([
    ['an empty file', new Uint8Array(), 'f.csv: the file is empty'],
    [
      'binary',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2]),
      'f.csv: this is binary data, not CSV text',
    ],
    ['blank lines only', bytes('\n\n  \n'), 'f.csv: the file has no header and no rows'],
  ])('rejects %s in one line naming the file', (_, input, message) => {
    expect(errorOf(() => sniff(input))).toBe(message)
  })
})

describe('checkCsvHeader', () => {
  it('names a repeated column', () => {
    expect(errorOf(() => checkCsvHeader(['a', 'b', 'a'], 'f.csv', [], ','))).toBe(
      'f.csv: the header repeats column "a" (columns 1 and 3)',
    )
  })
  it('names missing columns', () => {
    expect(errorOf(() => checkCsvHeader(['a', 'b'], 'f.csv', ['a', 'c', 'd'], ','))).toBe(
      'f.csv: missing required columns "c", "d"',
    )
  })
  it('says when the delimiter is wrong', () => {
    expect(errorOf(() => checkCsvHeader(['a;b;c'], 'f.csv', ['a'], ','))).toMatch(
      /looks separated by semicolons, not commas/,
    )
  })
})

describe('sniffCsv on random bytes', () => {
  it('gives a result or a RevlabError, never anything else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), fc.boolean(), (b, complete) => {
        try {
          const s = sniffCsv(b, 'f.csv', { complete })
          return [',', ';', '\t', '|'].includes(s.delimiter)
        } catch (e) {
          return isRevlabError(e) && e.message.startsWith('f.csv: ')
        }
      }),
      { numRuns: 500 },
    )
  })
})
