export * from './app.js'
export * from './serve.js'
export { hashPassword, verifyPassword } from './auth/password.js'
export { hashSecret, newSecret } from './auth/tokens.js'
