export * from './types.js'
export * from './estimate-effects.js'
export * from './verify-planted-effects.js'
export * from './verify-win-patterns.js'
