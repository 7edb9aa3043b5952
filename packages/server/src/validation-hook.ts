import type { Hook } from '@hono/zod-openapi'
import { RevlabError } from '@revlab/domain'
import type { AppEnv } from './app-env.js'

/** Turns a request that fails its schema into a 400 that names each bad field. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (result.success) return
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
  throw new RevlabError('BAD_INPUT', `invalid request: ${issues.join('; ')}`)
}
