export * from './types.js'
export * from './analyze-experiments.js'
