export * from './parse-question.js'
export * from './types.js'
