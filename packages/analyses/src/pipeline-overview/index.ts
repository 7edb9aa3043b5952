export * from './types.js'
export * from './analyze-pipeline-overview.js'
