export * from './types.js'
export * from './compose-brief.js'
export * from './brief-format.js'
