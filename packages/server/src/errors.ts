/**
 * One table from error codes to HTTP statuses; known errors render as
 * `{ error: { code, message, hint? } }`, unknown ones are logged and hidden.
 */
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { RevlabError, isRevlabError, type RevlabErrorCode } from '@revlab/domain'

export const STATUS_BY_CODE: Record<RevlabErrorCode, ContentfulStatusCode> = {
  BAD_INPUT: 400,
  BAD_USAGE: 400,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  DB_UNREACHABLE: 503,
  DB_LOCKED: 503,
  DB_NOT_A_DATABASE: 500,
  DB_NOT_EMPTY: 409,
  INTERNAL: 500,
}

export function renderError(error: unknown, c: Context): Response {
  if (isRevlabError(error)) return c.json(error.toJSON(), STATUS_BY_CODE[error.code])
  console.error(error)
  return c.json(
    new RevlabError('INTERNAL', 'something went wrong on the server; it has been logged').toJSON(),
    500,
  )
}
