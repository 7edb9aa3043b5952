import { DuckDBInstance } from '@duckdb/node-api'
const inst = await DuckDBInstance.create('/tmp/exc/demo.duckdb', { access_mode: 'READ_ONLY' })
const c = await inst.connect()
for (const q of process.argv.slice(2)) { const r = await c.runAndReadAll(q); console.table(r.getRowObjectsJson().slice(0,40)) }
