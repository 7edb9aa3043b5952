import type { EvidenceKind } from './types.js'

/** Evidence rules: a sentence is evidence of a kind when it matches the kind's pattern. */
export const EVIDENCE_PATTERNS: Record<EvidenceKind, RegExp> = {
  metrics:
    /\b(?:kpis?|roi|payback|success (?:for us )?(?:is|means|looks like)|measure success|(?:reduce|cut|drop|drops|increase|improve|save|saves|grow)s?\b[^.?!]{0,40}\b(?:\d+|one|two|three|four|five|six|ten|half)\s*(?:%|percent|hours?|days?|minutes?|x|times|weeks?)|from \S+ (?:hours?|days?|weeks?|minutes?) to \S+|in (?:days|hours) instead of (?:a )?(?:weeks?|months?|days))\b/i,
  economic_buyer:
    /\b(?:economic buyer|signs? off|sign-off|signs? the (?:contract|check|cheque|order)|final (?:say|decision|approval|sign)|budget (?:owner|holder)|owns? the budget|(?:cfo|ceo|cro|coo|cio|cto|vp|board) (?:approves|will approve|has to approve|needs to approve|signs|decides|makes the call|owns))\b/i,
  decision_criteria:
    /\b(?:criteria|requirements?|must[- ]haves?|nice[- ]to[- ]haves?|deal[- ]?breakers?|non[- ]negotiable|evaluat(?:e|ing|ion) (?:on|against|criteria)|security review|compliance|soc ?2|hipaa|gdpr|sso|needs? to (?:integrate|support|work with|scale))\b/i,
  decision_process:
    /\b(?:decision (?:process|usually|gets made|is made|will be made|maker)|how (?:the|a) decision|approval (?:steps|process|chain)|get (?:new )?tools approved|steering committee|buying committee|evaluation process|who else (?:is|needs to be|will be) involved|shortlist|rfp|pilot first|proof of concept first|(?:then|after that) (?:it )?goes to)\b/i,
  paper_process:
    /\b(?:procurement|legal (?:review|team)|contract|msa|redlines?|security questionnaire|purchase order|\bpo\b|vendor (?:onboarding|registration)|dpa|order form|signature|paperwork)\b/i,
  pain: /\b(?:pain|painful|struggl\w*|frustrat\w*|too slow|bottleneck|breaks|broken|manual work|manual process|costly|hurts|headache|nightmare|nobody trusts|waste\w*|challenge[sd]?|problem)\b/i,
  champion:
    /\b(?:champion|advocate|sponsor|i(?:'ll| will) (?:push|advocate|make the case|sell (?:it|this)|bring (?:it|this) to)|i can (?:introduce|get you (?:in|time))|on board with this|in our corner|behind this internally)\b/i,
  competition:
    /\b(?:competitors?|alternatives?|other vendors?|another vendor|also (?:talking|looking|evaluating|speaking) (?:to|at|with)|compar(?:e|ed|ing) (?:you|it|us)|versus|\bvs\b|in-house|ourselves|build (?:it|this) (?:ourselves|internally)|open[- ]source|incumbent|current vendor|switch(?:ing)? (?:from|to))\b/i,
  budget:
    /\b(?:budget\w*|set aside|allocated|funding|funded|spend(?:ing)? (?:on|for)|approved \$|money for|cost cent(?:er|re)|find it in planning|planning cycle)\b/i,
  timeline:
    /\b(?:deadline|go[- ]live|live (?:by|before)|timeline|timing|target date|cut-?over|contract (?:ends|expires|is up)|by (?:the )?end of|before the end of|in place by|no hard date|(?:next|within) \d+ (?:days|weeks|months)|by (?:q[1-4]|january|february|march|april|may|june|july|august|september|october|november|december))\b/i,
  next_step:
    /\b(?:next steps?|follow[- ]up|i(?:'ll| will) (?:send|share|set up|book|schedule|follow)|we(?:'ll| will) (?:send|share|set up|book|schedule|follow)|let(?:'s| us) (?:book|schedule|set up|meet|reconvene|plan)|send (?:the|an|a) (?:invite|recap|proposal|summary)|calendar invite|action items?)\b/i,
}

/** The demo's pain, price and value words (value-before-price metric). */
export const PAIN_PATTERN =
  /\b(pain|painful|struggl\w*|frustrat\w*|too slow|bottleneck|breaks|manual work|costly|hurts)\b/i
export const PRICE_PATTERN = /\b(price|prices|pricing|discount|list rate|per credit)\b/i
export const VALUE_PATTERN = /\b(value|roi|payback|save|saves|saving)\b/i
