/**
 * One error class for everything Revlab expects to go wrong, with a closed
 * set of codes. The server maps codes to HTTP statuses in one table; the CLI
 * prints the message and the hint and exits 1.
 */
export type RevlabErrorCode =
  | 'BAD_INPUT'
  | 'BAD_USAGE'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'DB_UNREACHABLE'
  | 'DB_LOCKED'
  | 'DB_NOT_A_DATABASE'
  | 'DB_NOT_EMPTY'
  | 'INTERNAL'

export class RevlabError extends Error {
  readonly code: RevlabErrorCode
  readonly hint: string | undefined

  constructor(code: RevlabErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause })
    this.name = 'RevlabError'
    this.code = code
    this.hint = options.hint
  }

  toJSON(): { error: { code: RevlabErrorCode; message: string; hint?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.hint ? { hint: this.hint } : {}) } }
  }
}

export const isRevlabError = (e: unknown): e is RevlabError => e instanceof RevlabError

export function assertNever(value: never, what = 'value'): never {
  throw new RevlabError('INTERNAL', `unexpected ${what}: ${JSON.stringify(value)}`)
}
