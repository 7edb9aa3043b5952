export * from './pipeline-overview/index.js'
export * from './demo-verify/index.js'
