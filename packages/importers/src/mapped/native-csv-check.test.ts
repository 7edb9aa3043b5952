import { describe, expect, it } from 'vitest'
import { createNativeCsvScanner } from './native-csv-check.js'

const scan = (
  text: string,
  columns = 3,
  chunk = 4,
): ReturnType<ReturnType<typeof createNativeCsvScanner>['finish']> => {
  const s = createNativeCsvScanner(','.charCodeAt(0), columns)
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += chunk) s.push(bytes.subarray(i, i + chunk))
  return s.finish()
}

describe('checkNativeCsv: files the engine reads exactly as openCsv does', () => {
  it('takes plain files with LF or CRLF line ends, quoted fields and a missing last line break', () => {
    expect(scan('a,b,c\n1,"x, ""y""",3\n4,,6\n')).toEqual({ ok: true, rows: 2, crlf: false })
    expect(scan('a,b,c\r\n1,2,3\r\n4,5,6')).toEqual({ ok: true, rows: 2, crlf: true })
    expect(scan('a,b,c\n')).toEqual({ ok: true, rows: 0, crlf: false })
  })
  it('refuses what the readers may read otherwise', () => {
    const reason = (text: string): string | undefined => {
      const v = scan(text)
      return v.ok ? undefined : v.reason
    }
    expect(reason('a,b,c\n1,"x\ny",3\n')).toMatch(/quoted line break/)
    expect(reason('a,b,c\n1,2\n')).toMatch(/2 fields/)
    expect(reason('a,b,c\n\n1,2,3\n')).toMatch(/blank/)
    expect(reason('a,b,c\r\n1,2,3\n')).toMatch(/ends differently/)
    expect(reason('a,b,c\n1,x"y,3\n')).toMatch(/quote inside a field/)
    expect(reason('a,b,c\n1,"x"y,3\n')).toMatch(/after a closing quote/)
    expect(reason('a,b,c\n1,2\r3,4\n')).toMatch(/carriage return/)
    expect(reason('a,b,c\n1,"open,3\n')).toMatch(/quoted line break|never closed/)
    expect(reason('a,b,c\n1,2,3\u0000\n')).toMatch(/NUL/)
  })
})
