/**
 * Checks on edits that need the store's records (the deal's stage model, the
 * signal catalogue): each failure is a 400 that starts with the field's name,
 * says what is wrong and what would be right.
 */
import { RevlabError, type SignalDefinition, type Stage } from '@revlab/domain'

export const badField = (field: string, message: string, hint?: string): RevlabError =>
  new RevlabError('BAD_INPUT', `${field}: ${message}`, hint ? { hint } : {})

export function stageIn(stages: Stage[], stageKey: string, modelName: string): Stage {
  const stage = stages.find((s) => s.key === stageKey)
  if (!stage) {
    throw badField(
      'stageKey',
      `unknown stage "${stageKey}" in the stage model "${modelName}"`,
      `use one of: ${stages.map((s) => s.key).join(', ')}`,
    )
  }
  return stage
}

/** A day becomes midnight UTC; an instant is normalised to UTC. */
export const toInstant = (dayOrInstant: string): string =>
  /^\d{4}-\d{2}-\d{2}$/.test(dayOrInstant)
    ? `${dayOrInstant}T00:00:00.000Z`
    : new Date(dayOrInstant).toISOString()

const STRONG_BUDGET = new Set(['allocated', 'prior_spend', 'fresh_funding', 'hypergrowth', 'true'])
const WEAK_BUDGET = new Set(['planning', 'unknown', 'none', 'false'])

/** Strong: prior spend on the category, fresh funding, hypergrowth, allocated; weak: "we'll find it in planning". */
export const budgetStrengthOf = (value: string): 'strong' | 'weak' | null =>
  STRONG_BUDGET.has(value) ? 'strong' : WEAK_BUDGET.has(value) ? 'weak' : null

/** The signal's value in its stored form, and its strength; throws on a value of the wrong type. */
export function checkSignal(
  def: SignalDefinition,
  value: string,
  strength: 'strong' | 'weak' | null | undefined,
): { value: string; strength: 'strong' | 'weak' | null } {
  let stored = value.trim()
  switch (def.valueType) {
    case 'boolean': {
      const v = stored.toLowerCase()
      if (['true', 'yes', '1'].includes(v)) stored = 'true'
      else if (['false', 'no', '0'].includes(v)) stored = 'false'
      else
        throw badField(
          'value',
          `"${value}" is not yes/no; ${def.label} is a yes/no signal`,
          'send true or false',
        )
      break
    }
    case 'number':
      if (!Number.isFinite(Number(stored)) || stored === '') {
        throw badField(
          'value',
          `"${value}" is not a number; ${def.label} is counted`,
          'send a number such as 3',
        )
      }
      stored = String(Number(stored))
      break
    case 'category':
      stored = stored.toLowerCase().replace(/[\s-]+/g, '_')
      break
  }
  if (def.group !== 'budget') {
    if (strength)
      throw badField('strength', `only budget signals carry a strength; ${def.label} is ${def.group}`)
    return { value: stored, strength: null }
  }
  const resolved = strength ?? budgetStrengthOf(stored)
  if (!resolved) {
    throw badField(
      'strength',
      `say whether the budget signal "${stored}" is strong or weak`,
      'strong: prior spend on the category, fresh funding, hypergrowth; weak: "we\'ll find it in planning"',
    )
  }
  return { value: stored, strength: resolved }
}
