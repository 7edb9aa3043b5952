export * from './plan-experiment.js'
