#!/usr/bin/env node
// The `revlab` command from the repository root (`npx revlab …`): runs the built CLI.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = fileURLToPath(new URL('../packages/cli/dist/main.js', import.meta.url))
if (!existsSync(main)) {
  process.stderr.write(
    'error: Revlab is not built yet\n  hint: run `npm run build` in the repository first\n',
  )
  process.exit(1)
}
await import(main)
