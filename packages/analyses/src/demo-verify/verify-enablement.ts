/**
 * The enablement checks of `revlab demo verify`: the enablement analysis's
 * staggered behaviour change must cover the planted +1.5 open questions per
 * call after the discovery program and 0 after the null program, and its
 * behaviour-to-outcome regression the planted 0.08 on ln(amount).
 */
import type { EnablementInputs, PlantedEffect } from '@revlab/domain'
import { behaviourChange } from '../enablement/behaviour-change.js'
import { behaviourToOutcome } from '../enablement/behaviour-to-outcome.js'
import { DEFAULT_ENABLEMENT_OPTIONS } from '../enablement/analyze-enablement.js'
import { findProgram, listPrograms } from '../enablement/programs.js'
import type { EffectCheck } from './types.js'

const covered = (ci: [number, number] | null, x: number): boolean => ci !== null && ci[0] <= x && x <= ci[1]

export function verifyEnablement(planted: PlantedEffect[], inputs: EnablementInputs): EffectCheck[] {
  const programs = listPrograms(inputs)
  const checks: EffectCheck[] = []
  for (const key of ['training_open_questions', 'training_null_program']) {
    const effect = planted.find((p) => p.key === key)
    if (!effect) continue
    const programId = (JSON.parse(effect.detail) as { program?: string }).program ?? ''
    const program = findProgram(programs, programId)
    const [change] = program
      ? behaviourChange(
          inputs,
          program.name,
          program.completedAt,
          DEFAULT_ENABLEMENT_OPTIONS,
          ['openQuestions'],
          programs.filter((p) => p !== program).map((p) => p.completedAt),
        )
      : []
    checks.push({
      key: `enablement:${key}`,
      description: effect.description,
      metric: effect.metric,
      planted: effect.planted,
      estimate: change?.estimate ?? null,
      ci95: change?.ci95 ?? null,
      covered: covered(change?.ci95 ?? null, effect.planted),
      method:
        'enablement analysis: staggered DiD (imputation, rep + week effects on not-yet-trained calls, adjusting for the other programs); cluster-robust by rep',
      n: change?.calls ?? 0,
      ...(program ? {} : { note: `program ${programId} not found` }),
    })
  }
  const size = planted.find((p) => p.key === 'open_questions_deal_size')
  if (size) {
    const link = behaviourToOutcome(inputs)
    checks.push({
      key: 'enablement:open_questions_deal_size',
      description: size.description,
      metric: size.metric,
      planted: size.planted,
      estimate: link.estimate,
      ci95: link.ci95,
      covered: covered(link.ci95, size.planted),
      method: `enablement analysis: ${link.method}`,
      n: link.deals,
    })
  }
  return checks
}
