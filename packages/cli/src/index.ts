export { loadDemo, type DemoResult } from './commands/demo.js'
export { readStatus, type StatusReport } from './commands/status.js'
