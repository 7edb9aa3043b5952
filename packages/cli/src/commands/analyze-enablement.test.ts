/**
 * `revlab analyze enablement` as a person reads it: the tables and sentences
 * printed for the small demo company (seed 42).
 */
import { describe, expect, it } from 'vitest'
import { analyzeEnablement, enablementInputsFromDataset } from '@revlab/analyses'
import { generateDemoCompany } from '@revlab/demo-data'
import { renderEnablement } from './analyze-enablement.js'

describe('revlab analyze enablement', () => {
  it('prints the join, behaviour, outcomes, balance, design, content and business case', () => {
    const company = generateDemoCompany({ scale: 'small', seed: 42, asOf: '2026-11-23' })
    const result = analyzeEnablement(enablementInputsFromDataset(company.dataset, '2026-11-23'), {
      program: 'Discovery Excellence',
      bootstrapReplicates: 50,
    })
    if (result.status !== 'ok') throw new Error(result.reason)
    const text = renderEnablement(result)
    expect(text.split('\n')[0]).toBe(
      'Enablement ROI as of 2026-11-23: Discovery Excellence (content-discovery-excellence), 42 completed of 45 enrolled, $450 per learner',
    )
    for (const heading of [
      'The join: 30 of 30 account executives are matched across the LMS, the CRM and the call recorder.',
      'Behaviour change (staggered DiD vs reps not yet trained, 95% CI clustered by rep)',
      'Outcome change',
      'Per rep: content for the weakest behaviour',
    ])
      expect(text).toContain(heading)
    expect(text).toMatch(
      /│ open discovery questions per call +│ +2\.77 │ +1\.\d{3} │ \[1\.\d{3}, [12]\.\d{3}\] +│/,
    )
    expect(text).toMatch(/Balance: \d+ of \d+ trained reps matched/)
    expect(text).toMatch(/│ tenure \(months\) +│/)
    expect(text).toMatch(
      /Design for the next program: To detect a change of 1\.00 in open discovery questions per call/,
    )
    expect(text).toMatch(/Business case: Discovery Excellence cost \$20k for 45 learners/)
  }, 60_000)
})
