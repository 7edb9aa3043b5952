/**
 * The pieces every route's OpenAPI description repeats: a required JSON
 * body, a JSON response, and the error response (`{ error: { code,
 * message, hint } }`).
 */
import type { z } from '@hono/zod-openapi'
import { ErrorResponseSchema } from '@revlab/domain'

/** A required JSON request body. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
})

/** A JSON response with its description. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

/** An error response: the message says what was wrong. */
export const errorResponse = (description: string) => jsonResponse(description, ErrorResponseSchema)
