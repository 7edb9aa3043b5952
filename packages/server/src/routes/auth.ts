import { OpenAPIHono, createRoute } from '@hono/zod-openapi'
import { deleteCookie, setCookie } from 'hono/cookie'
import { ErrorResponseSchema, LoginRequestSchema, RevlabError, SessionResponseSchema } from '@revlab/domain'
import { createSession, deleteSession, findUserByEmail, writeAudit } from '@revlab/db'
import type { AppEnv } from '../app-env.js'
import { SESSION_COOKIE, authenticate } from '../auth/authenticate.js'
import { verifyPassword } from '../auth/password.js'
import { hashSecret, newSecret } from '../auth/tokens.js'
import { validationHook } from '../validation-hook.js'
import { clientAddress } from '../client-address.js'

const SESSION_DAYS = 14

const toSessionUser = (u: {
  id: string
  email: string
  name: string
  role: string
  personId: string | null
}) => SessionResponseSchema.shape.user.parse(u)

const login = createRoute({
  method: 'post',
  path: '/login',
  tags: ['auth'],
  summary: 'Sign in with email and password; sets the session cookie',
  request: { body: { content: { 'application/json': { schema: LoginRequestSchema } }, required: true } },
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionResponseSchema } } },
    401: {
      description: 'Wrong email or password',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
    429: {
      description: 'Too many wrong passwords; try again later',
      content: { 'application/json': { schema: ErrorResponseSchema } },
    },
  },
})

const me = createRoute({
  method: 'get',
  path: '/me',
  tags: ['auth'],
  summary: 'The signed-in user and the CSRF token for this session',
  middleware: [authenticate] as const,
  responses: {
    200: { description: 'Signed in', content: { 'application/json': { schema: SessionResponseSchema } } },
    401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorResponseSchema } } },
  },
})

const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags: ['auth'],
  summary: 'Sign out (needs x-csrf-token)',
  middleware: [authenticate] as const,
  responses: { 204: { description: 'Signed out' } },
})

export const authRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(login, async (c) => {
    const { email, password } = c.req.valid('json')
    const { db } = c.var.store
    const now = c.var.now()
    const throttleKey = `${email.trim().toLowerCase()}|${clientAddress(c)}`
    const waitMs = c.var.loginThrottle.retryAfterMs(throttleKey, now.getTime())
    if (waitMs > 0) {
      throw new RevlabError('RATE_LIMITED', 'too many wrong passwords for this account', {
        hint: `wait ${Math.ceil(waitMs / 60_000)} minutes and try again, or ask your Revlab admin`,
      })
    }
    const user = await findUserByEmail(db, email)
    // Same answer for an unknown email and a wrong password: don't reveal who has an account.
    if (!user || user.disabled || !(await verifyPassword(password, user.passwordHash))) {
      c.var.loginThrottle.recordFailure(throttleKey, now.getTime())
      throw new RevlabError('UNAUTHENTICATED', 'wrong email or password', {
        hint: 'check both and try again; if you forgot your password, ask your Revlab admin to reset it',
      })
    }
    c.var.loginThrottle.reset(throttleKey)
    const token = newSecret()
    const csrfToken = newSecret()
    const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000)
    await createSession(db, {
      id: hashSecret(token),
      userId: user.id,
      csrfToken,
      createdAt: now.toISOString(),
      expiresAt: expiresAt.toISOString(),
    })
    await writeAudit(db, {
      at: now.toISOString(),
      userId: user.id,
      action: 'login',
      entity: 'user',
      entityId: user.id,
    })
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      expires: expiresAt,
    })
    return c.json({ user: toSessionUser(user), csrfToken }, 200)
  })
  .openapi(me, async (c) => {
    const session = c.var.session
    return c.json({ user: toSessionUser(c.var.user), csrfToken: session?.csrfToken ?? null }, 200)
  })
  .openapi(logout, async (c) => {
    if (c.var.session) await deleteSession(c.var.store.db, c.var.session.id)
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.body(null, 204)
  })
