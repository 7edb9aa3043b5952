import { parseMethodology, type Methodology } from './scorecard.js'

/** The shipped methodologies, as YAML so that they read like the files users write. */
export const MEDDPICC_YAML = `name: MEDDPICC
description: Did the call qualify the deal on each MEDDPICC element?
pass_score: 0.6
items:
  - key: metrics
    label: Metrics
    description: A quantified outcome the buyer cares about.
    detect: { evidence: [metrics] }
  - key: economic_buyer
    label: Economic buyer
    description: Who signs, and whether we have access to them.
    detect: { evidence: [economic_buyer] }
  - key: decision_criteria
    label: Decision criteria
    detect: { evidence: [decision_criteria] }
  - key: decision_process
    label: Decision process
    detect: { evidence: [decision_process] }
  - key: paper_process
    label: Paper process
    detect: { evidence: [paper_process] }
  - key: identify_pain
    label: Identify pain
    weight: 2
    description: The buyer names a pain in their own words.
    detect: { evidence: [pain], side: external }
  - key: champion
    label: Champion
    detect: { evidence: [champion] }
  - key: competition
    label: Competition
    detect: { evidence: [competition] }
`

export const DISCOVERY_CALL_YAML = `name: Discovery call
description: A first call that listens more than it talks and leaves with a next step.
pass_score: 0.7
items:
  - key: open_questions
    label: At least 4 open questions
    weight: 2
    detect: { metric: { name: open_questions, min: 4 } }
  - key: listening
    label: Rep talks at most 60% of the words
    detect: { metric: { name: talk_ratio, max: 0.6 } }
  - key: no_monologue
    label: No monologue over 250 words
    detect: { metric: { name: longest_monologue_words, max: 250 } }
  - key: pain
    label: Pain uncovered
    weight: 2
    detect: { evidence: [pain], side: external }
  - key: budget
    label: Budget discussed
    detect: { evidence: [budget] }
  - key: timeline
    label: Timeline discussed
    detect: { evidence: [timeline] }
  - key: decision_process
    label: Decision process or economic buyer explored
    detect: { evidence: [decision_process, economic_buyer] }
  - key: next_step
    label: Next step agreed
    weight: 2
    detect: { evidence: [next_step] }
`

export const BUILTIN_METHODOLOGIES: Record<'meddpicc' | 'discovery', Methodology> = {
  meddpicc: parseMethodology(MEDDPICC_YAML, 'meddpicc.yaml'),
  discovery: parseMethodology(DISCOVERY_CALL_YAML, 'discovery-call.yaml'),
}
