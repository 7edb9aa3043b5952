/**
 * Sentence templates for generated sales calls. measure-call.test.ts checks
 * that each list means what its name says under measureCall's rules: open
 * questions start with an open starter, closed questions do not, statements
 * never end in '?', only PAIN sentences name a pain, only VALUE sentences
 * carry a value word, only PRICE sentences mention price.
 */

export const OPEN_QUESTIONS = [
  'What does your current data pipeline look like today?',
  'How are your teams handling reporting across regions right now?',
  'Walk me through what happens when a nightly job fails?',
  'What would have to be true for this project to succeed this year?',
  'How do you measure success for the analytics platform?',
  'Why is this a priority for the team now?',
  'Tell me about the last time a dashboard was late?',
  'What other projects compete for the same engineers?',
  'How does the decision usually get made for a purchase like this?',
  'Describe how your analysts get access to new data sources?',
  'Help me understand who else is affected when queries slow down?',
  'What happens if nothing changes in the next six months?',
  'How did the open-source setup work out for you?',
  'What does a great outcome look like for your CFO?',
  'Walk me through your current approval steps for new tools?',
  'How many teams would use this in the first quarter?',
  'Why did the previous attempt stall?',
  'What is the biggest risk you see in switching platforms?',
  'How would your team spend the time it gets back?',
  'Tell me more about the deadline you mentioned?',
] as const

export const CLOSED_QUESTIONS = [
  'Do you have a target date for the migration?',
  'Is there a budget line for this already?',
  'Are other vendors involved in the evaluation?',
  'Did you try building this in-house?',
  'Have you used an open-source tool for this?',
  'Can we get your security team on the next call?',
  'Would your VP join a short review next week?',
  'Is the current contract up for renewal this year?',
  'Does the data team own this budget?',
  'Could we get read access to a sample dataset?',
  'Will procurement need a security questionnaire?',
] as const

export const LEAD_INS = [
  'That makes sense.',
  'Got it.',
  'Helpful context.',
  'Understood.',
  'Let me make sure I follow.',
  'Okay, thank you.',
] as const

export const OPENINGS_INTERNAL = [
  'Thanks everyone for joining today.',
  'Good to see you again.',
  'Thanks for making the time this week.',
] as const
export const OPENINGS_EXTERNAL = [
  'Thanks for having us.',
  'Happy to be here.',
  'Good to see you too.',
] as const

export const ANSWERS = [
  'We run most of it on a mix of scheduled jobs and a legacy warehouse.',
  'Right now three teams share one cluster.',
  'Honestly it depends on the quarter.',
  'Our analysts mostly work from spreadsheets exported every morning.',
  'The platform team owns it, but finance signs off.',
  'We looked at a couple of options last year.',
  'Yes, we have a rough plan for it.',
  'No, not yet.',
  'I think so, I would need to check with my manager.',
  'We have about forty people who would touch it.',
  'It usually takes a few weeks to get new tools approved.',
  'Mostly the data engineering group, with some help from IT.',
  'We would start with the finance reporting workload.',
] as const

export const PAIN = [
  'The nightly jobs are too slow and the reports are late every Monday.',
  'Our biggest pain is that every new source takes a month of manual work.',
  'The team is frustrated because the dashboards go stale whenever the schema changes.',
  'We struggle to keep our cloud bill predictable as usage grows.',
  'It is a real bottleneck for the data science team.',
  'Honestly the current setup is painful to maintain.',
  'When the pipeline breaks, nobody trusts the numbers for a week.',
] as const

export const TOPIC_LEADS = {
  budget: 'I would like to understand the budget side.',
  timeline: 'Let us talk about timing for a moment.',
  competitor: 'I want to make sure we know the alternatives you are weighing.',
} as const

export const BUDGET = [
  'We set aside roughly {money} for this in the next planning cycle.',
  'There is about {money} left in the data budget this year.',
  'Budget is not allocated yet, we would find it in planning.',
  'Finance approved {money} for platform work after the funding round.',
] as const

export const TIMELINE = [
  'We need this live before the end of {quarter}.',
  'Our contract with the current vendor ends in {month}.',
  'There is no hard date yet.',
  'The board wants the new reporting in place by {month}.',
] as const

export const COMPETITOR = [
  'We are also talking to {vendor}.',
  'One option is to keep running {oss} ourselves.',
  'We have not looked at anyone else.',
] as const

export const METRICS = [
  'If report latency drops from six hours to one, the analysts get their mornings back.',
  'Success for us is onboarding a new source in days instead of a month.',
] as const

export const SE_STATEMENTS = [
  'Under the hood the engine separates storage and compute, so each team scales on its own.',
  'We can connect to your existing catalog in an afternoon.',
  'For the proof of concept we would load one week of production data.',
  'Row-level security maps onto the roles you already have in your identity provider.',
  'Most teams point their existing dashboards at us without rewriting queries.',
] as const

export const VALUE = [
  'Customers like you typically see payback in under six months.',
  'The value shows up as fewer late reports and two engineers back on product work.',
  'Teams usually save around thirty percent of their pipeline spend.',
  'Our ROI model for a team your size is deliberately conservative.',
] as const

export const PRICE_INTERNAL = [
  'Our pricing is usage based, with a committed discount above a yearly spend.',
  'List rate is per credit, and most teams your size commit annually.',
] as const
export const PRICE_EXTERNAL = [
  'Could you send the pricing before our next meeting?',
  'We will need a discount to get this through procurement.',
] as const

export const NEXT_STEPS = [
  'Next step is a technical session with your platform team on Thursday.',
  'I will send a short recap and the proposed success criteria today.',
  'Let us book thirty minutes with your VP next week.',
  'I will share the security documentation and a draft plan by Friday.',
] as const
export const AGREEMENTS = [
  'Sounds good, send the invite.',
  'That works for us.',
  'Great, talk then.',
] as const

export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const
