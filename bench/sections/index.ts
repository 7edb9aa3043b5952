import { runStoreBench } from './store.js'
import { runAnalysesBench } from './analyses.js'
import { runCallsBench } from './calls.js'
import { runBriefBench } from './brief.js'
import { runImportsBench } from './imports.js'
import { runEnablementBench } from './enablement.js'
import type { BenchOptions, BenchSection } from './types.js'

/** Every benchmark section, in report order. A new area adds its runner here. */
export const SECTIONS: { name: string; run: (options: BenchOptions) => Promise<BenchSection> }[] = [
  { name: 'store', run: runStoreBench },
  { name: 'analyses', run: runAnalysesBench },
  { name: 'calls', run: runCallsBench },
  { name: 'brief', run: runBriefBench },
  { name: 'imports', run: runImportsBench },
  { name: 'enablement', run: runEnablementBench },
]
