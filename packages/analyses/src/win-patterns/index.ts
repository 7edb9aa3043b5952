export * from './analyze-win-patterns.js'
export * from './deal-table.js'
export * from './multiple-comparisons.js'
export * from './win-model.js'
