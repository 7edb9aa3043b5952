export * from './analyze-cycle-time.js'
