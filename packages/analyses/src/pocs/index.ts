export * from './types.js'
export * from './analyze-pocs.js'
