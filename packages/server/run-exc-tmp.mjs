import { openStore } from '@revlab/db'
import { buildExceptions } from '@revlab/server'
const store = await openStore({ engine: 'duckdb', path: '/tmp/exc/demo.duckdb' })
const t0 = performance.now()
const r = await buildExceptions(store, {})
console.error('ms', performance.now() - t0)
if (r.status === 'ok') {
  console.log(r.summary)
  for (const x of r.reps) console.log(x.name, x.aeType, x.cause, x.links.map((l) => `${l.key}:${l.status}:${l.figure?.toFixed(2)}`).join(' '))
  for (const x of r.teams) console.log(x.team, x.cause, x.links.map((l) => `${l.key}:${l.status}:${l.figure?.toFixed(2)}`).join(' '))
  const lars = r.reps.find((x) => x.name === 'Lars Eriksen'); console.log(JSON.stringify(lars, null, 1))
}
await store.close()
