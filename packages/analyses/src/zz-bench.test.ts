import { it } from 'vitest'
import { syntheticDealOutcomes } from '../../../bench/sections/analyses.js'
import { analyzeWinPatterns } from './win-patterns/analyze-win-patterns.js'
it('bench', () => {
  const inputs = syntheticDealOutcomes(200_000)
  for (let r = 0; r < 2; r++) {
  const t = performance.now()
  analyzeWinPatterns(inputs)
  console.log('wp', Math.round(performance.now() - t))
  }
}, 600000)
