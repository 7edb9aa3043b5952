import { startPostgresCluster } from '@revlab/db'
const c = await startPostgresCluster()
console.log(await c.createDatabase('demo1'))
setInterval(() => {}, 1 << 30)
process.on('SIGTERM', () => { c.stop(); process.exit(0) })
