export * from './types.js'
export * from './analyze-exceptions.js'
