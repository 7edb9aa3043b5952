export * from './types.js'
export * from './analyze-consumption.js'
export * from './iso-days.js'
export * from './summarize-consumption.js'
