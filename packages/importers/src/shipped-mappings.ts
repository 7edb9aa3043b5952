/** The mapping files shipped in packages/importers/mappings, found by name or path. */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { RevlabError } from '@revlab/domain'

// src/ and dist/ are both one level below the package folder.
const MAPPINGS_DIR = fileURLToPath(new URL('../mappings/', import.meta.url))

export const shippedMappings = (): string[] =>
  fs
    .readdirSync(MAPPINGS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))

/** Reads `--map`: a path to a JSON file, or the name of a shipped mapping (`ibm-sales-win-loss`). */
export function readMappingFile(nameOrPath: string): unknown {
  const shipped = path.join(MAPPINGS_DIR, `${nameOrPath}.json`)
  const file = fs.existsSync(nameOrPath) ? nameOrPath : fs.existsSync(shipped) ? shipped : undefined
  if (!file)
    throw new RevlabError('BAD_USAGE', `no mapping file ${nameOrPath}`, {
      hint: `give a path to a JSON mapping, or one of: ${shippedMappings().join(', ')}`,
    })
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as unknown
  } catch (error) {
    throw new RevlabError('BAD_INPUT', `${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'fix the mapping file',
      cause: error,
    })
  }
}
