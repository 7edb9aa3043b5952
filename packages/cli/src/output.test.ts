import { describe, expect, it } from 'vitest'
import { formatSimulatedChance } from './output.js'

describe('formatSimulatedChance', () => {
  it('never claims certainty from a simulation', () => {
    expect(formatSimulatedChance(1)).toBe('>99%')
    expect(formatSimulatedChance(0.996)).toBe('>99%')
    expect(formatSimulatedChance(0)).toBe('<1%')
    expect(formatSimulatedChance(0.004)).toBe('<1%')
  })
  it('shows other chances in whole percent', () => {
    expect(formatSimulatedChance(0.85)).toBe('85%')
    expect(formatSimulatedChance(0.994)).toBe('99%')
    expect(formatSimulatedChance(0.006)).toBe('1%')
    expect(formatSimulatedChance(null)).toBe('–')
  })
})
