import { createHash, randomBytes } from 'node:crypto'

/** A random secret for a cookie or an API token. */
export const newSecret = (prefix = ''): string => `${prefix}${randomBytes(32).toString('base64url')}`

/** Sessions and API tokens are stored by hash: a stolen database holds no usable secret. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex')
