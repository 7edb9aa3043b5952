export * from './records.js'
export * from './errors.js'
export * from './api.js'
export * from './naming.js'
