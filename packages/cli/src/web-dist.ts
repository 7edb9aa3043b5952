import { fileURLToPath } from 'node:url'

/** The built web app, beside this package in the workspace. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url))
