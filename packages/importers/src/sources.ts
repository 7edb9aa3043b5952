/**
 * The import sources `revlab import <source>` knows. A source is a plug-in:
 * a name and a reader that turns files into rows (see framework/run-import.ts);
 * adding one is a folder and a line here.
 */
import { RevlabError } from '@revlab/domain'
import type { ImportSource } from './framework/run-import.js'
import { mappedSource } from './mapped/index.js'
import { salesforceSource } from './salesforce/index.js'
import { lmsCsvSource, xapiSource } from './lms/index.js'
import { consumptionSource } from './consumption/index.js'
import { gongSource, transcriptSource } from './calls-import/index.js'

const sources: ImportSource[] = [
  mappedSource,
  salesforceSource,
  xapiSource,
  lmsCsvSource,
  consumptionSource,
  transcriptSource,
  gongSource,
]

export const importSources = (): readonly ImportSource[] => sources

export function getImportSource(name: string): ImportSource {
  const source = sources.find((s) => s.name === name)
  if (!source)
    throw new RevlabError('BAD_USAGE', `unknown import source "${name}"`, {
      hint: `sources: ${sources.map((s) => s.name).join(', ')}`,
    })
  return source
}
