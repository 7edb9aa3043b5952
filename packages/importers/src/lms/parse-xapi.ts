/**
 * Splits an xAPI file into statements, each with its row number, physical
 * line and raw text: a JSON array of statements, a statements-API response
 * (`{"statements": [...], "more": "..."}`), one statement, or JSON lines.
 * Pure: text in, statements (or one-line errors) out.
 */
import { RevlabError } from '@revlab/domain'

export type XapiShape = 'array' | 'statements-response' | 'statement' | 'json-lines'

export type XapiItem = {
  row: number
  line: number
  raw: string
  /** The parsed statement, or why this item is not one. */
  value: unknown
  error: string | null
}

export type XapiFile = { shape: XapiShape; items: XapiItem[]; more: string | null }

const badInput = (file: string, message: string, hint: string): RevlabError =>
  new RevlabError('BAD_INPUT', `${file}: ${message}`, { hint })

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Whether a value has the three parts every statement has. */
export const looksLikeStatement = (v: unknown): boolean =>
  isObject(v) && 'actor' in v && 'verb' in v && 'object' in v

/**
 * The elements of the JSON array whose `[` is at `open`, as raw slices with
 * the line each starts on. Tracks strings and escapes, so brackets inside
 * text do not count.
 */
function arrayElements(text: string, open: number): { raw: string; line: number }[] {
  const out: { raw: string; line: number }[] = []
  let line = 1
  for (let i = 0; i < open; i++) if (text.charCodeAt(i) === 10) line++
  let depth = 0
  let inString = false
  let start = -1
  let startLine = line
  for (let i = open; i < text.length; i++) {
    const c = text[i]
    if (c === '\n') line++
    if (inString) {
      if (c === '\\') i++
      else if (c === '"') inString = false
      continue
    }
    if (c === '"') {
      inString = true
      if (depth === 1 && start < 0) {
        start = i
        startLine = line
      }
      continue
    }
    if (c === '[' || c === '{') {
      if (depth === 1 && start < 0) {
        start = i
        startLine = line
      }
      depth++
      continue
    }
    if (c === ']' || c === '}' || c === ',') {
      if (depth === 1 && start >= 0 && (c === ',' || c === ']')) {
        out.push({ raw: text.slice(start, i).trim(), line: startLine })
        start = -1
      }
      if (c === ']' || c === '}') {
        depth--
        if (depth === 0) break
      }
      continue
    }
    if (depth === 1 && start < 0 && c !== undefined && !/\s/.test(c)) {
      start = i
      startLine = line
    }
  }
  return out
}

const parseItem = (raw: string, row: number, line: number): XapiItem => {
  try {
    const value: unknown = JSON.parse(raw)
    return {
      row,
      line,
      raw,
      value,
      error: looksLikeStatement(value) ? null : 'not an xAPI statement (needs actor, verb and object)',
    }
  } catch (error) {
    return { row, line, raw, value: null, error: `not valid JSON: ${(error as Error).message}` }
  }
}

/** Splits `text` (the whole file) into statements; throws a one-line error when it is not xAPI at all. */
export function parseXapiFile(text: string, file: string): XapiFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const first = /\S/.exec(body)
  if (!first) throw badInput(file, 'the file is empty', 'export the statements again')
  if (body.includes('\u0000'))
    throw badInput(file, 'the file is binary, not JSON', 'give a JSON file of xAPI statements')
  let whole: unknown
  let wholeError: string | null = null
  try {
    whole = JSON.parse(body)
  } catch (error) {
    wholeError = (error as Error).message
  }
  const notXapi = (): RevlabError =>
    badInput(
      file,
      'a JSON file that is not xAPI (no statement has actor, verb and object)',
      'give an array of statements, a statements-API response, or one statement per line',
    )

  if (wholeError === null) {
    if (Array.isArray(whole)) {
      const items = arrayElements(body, first.index).map((e, i) => parseItem(e.raw, i + 1, e.line))
      if (items.length > 0 && !items.some((it) => it.error === null)) throw notXapi()
      return { shape: 'array', items, more: null }
    }
    if (isObject(whole) && Array.isArray(whole.statements)) {
      // The `statements` array of a response: find its `[` after the key at the top level.
      const key = /"statements"\s*:\s*\[/g
      let open = -1
      for (let m = key.exec(body); m; m = key.exec(body)) {
        open = m.index + m[0].length - 1
        const elements = arrayElements(body, open)
        if (elements.length === whole.statements.length) {
          const items = elements.map((e, i) => parseItem(e.raw, i + 1, e.line))
          if (items.length > 0 && !items.some((it) => it.error === null)) throw notXapi()
          const more = typeof whole.more === 'string' && whole.more !== '' ? whole.more : null
          return { shape: 'statements-response', items, more }
        }
      }
      throw notXapi()
    }
    if (looksLikeStatement(whole)) {
      const line = body.slice(0, first.index).split('\n').length
      return {
        shape: 'statement',
        items: [{ row: 1, line, raw: body.trim(), value: whole, error: null }],
        more: null,
      }
    }
    throw notXapi()
  }
  // Not one JSON value: JSON lines, one statement per non-blank line.
  if (body[first.index] !== '{')
    throw badInput(file, `not valid JSON (${wholeError})`, 'give a JSON file of xAPI statements')
  const items: XapiItem[] = []
  const lines = body.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const raw = (lines[i] ?? '').trim()
    if (raw === '') continue
    items.push(parseItem(raw, items.length + 1, i + 1))
  }
  if (!items.some((it) => it.error === null)) throw notXapi()
  return { shape: 'json-lines', items, more: null }
}
