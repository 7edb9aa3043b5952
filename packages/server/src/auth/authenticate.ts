/**
 * Who is calling: a session cookie (browser; mutating requests must echo the
 * session's CSRF token in `x-csrf-token`) or `Authorization: Bearer <token>`
 * (scripts; no CSRF since no cookie is involved).
 */
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { RevlabError, type User } from '@revlab/domain'
import { findApiTokenByHash, findLiveSession, findUserById, touchApiToken, type Session } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { hashSecret } from './tokens.js'

export const SESSION_COOKIE = 'revlab_session'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const { db } = c.var.store
  const now = c.var.now().toISOString()
  const bearer = /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
  let user: User | undefined
  let session: Session | undefined
  if (bearer) {
    const token = await findApiTokenByHash(db, hashSecret(bearer.trim()))
    if (token) {
      user = await findUserById(db, token.userId)
      await touchApiToken(db, token.id, now)
    }
  } else {
    const cookie = getCookie(c, SESSION_COOKIE)
    if (cookie) {
      session = await findLiveSession(db, hashSecret(cookie), now)
      if (session) user = await findUserById(db, session.userId)
    }
  }
  if (!user || user.disabled) {
    throw new RevlabError('UNAUTHENTICATED', 'sign in first', {
      hint: 'POST /api/auth/login, or send an API token',
    })
  }
  if (session && !SAFE_METHODS.has(c.req.method) && c.req.header('x-csrf-token') !== session.csrfToken) {
    throw new RevlabError('FORBIDDEN', 'missing or wrong CSRF token', {
      hint: 'send the csrfToken from the login response in the x-csrf-token header',
    })
  }
  c.set('user', user)
  c.set('session', session)
  await next()
})
