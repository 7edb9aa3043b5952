import type { CallEntities } from './types.js'

/** Common sales, data and collaboration tools and companies; extend with `organizations`. */
export const DEFAULT_ORGANIZATIONS = [
  'Salesforce',
  'HubSpot',
  'Gong',
  'Chorus',
  'Clari',
  'Outreach',
  'Salesloft',
  'ZoomInfo',
  'Apollo',
  'LinkedIn',
  'Sales Navigator',
  'Marketo',
  'Pardot',
  'Zendesk',
  'Intercom',
  'Zoom',
  'Microsoft Teams',
  'Teams',
  'Slack',
  'Google Meet',
  'Webex',
  'Notion',
  'Confluence',
  'Jira',
  'Asana',
  'Monday.com',
  'Snowflake',
  'Databricks',
  'BigQuery',
  'Redshift',
  'Synapse',
  'Tableau',
  'Looker',
  'Power BI',
  'Qlik',
  'Mode',
  'Sigma',
  'Metabase',
  'dbt',
  'Fivetran',
  'Airbyte',
  'Stitch',
  'Airflow',
  'Dagster',
  'Kafka',
  'Confluent',
  'Spark',
  'Hadoop',
  'Presto',
  'Trino',
  'ClickHouse',
  'DuckDB',
  'PostgreSQL',
  'Postgres',
  'MySQL',
  'MongoDB',
  'Oracle',
  'SQL Server',
  'Teradata',
  'SAP',
  'Workday',
  'NetSuite',
  'ServiceNow',
  'Okta',
  'Segment',
  'Mixpanel',
  'Amplitude',
  'Datadog',
  'Splunk',
  'Elastic',
  'New Relic',
  'Grafana',
  'AWS',
  'Amazon',
  'Azure',
  'Microsoft',
  'Google',
  'GCP',
  'Google Cloud',
  'IBM',
  'Excel',
  'Google Sheets',
  'DocuSign',
  'Stripe',
  'Shopify',
  'GitHub',
  'GitLab',
  'Atlassian',
  'Anaplan',
  'Coupa',
  'Ariba',
  'Informatica',
  'Talend',
  'Alteryx',
  'Palantir',
  'Cloudera',
  'Vertica',
]

const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a couple of|a few|several|half a)'
const NUM = `(?:\\d[\\d,]*(?:\\.\\d+)?|${NUMBER_WORD})`
const SCALE = '(?:k|m|mm|bn|b|thousand|million|billion|grand)'
const CURRENCY_WORD = '(?:dollars?|usd|euros?|eur|pounds?|gbp|bucks)'

const MONEY = new RegExp(
  [
    `[$€£]\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?${SCALE}\\b)?(?:\\s?(?:-|to)\\s?[$€£]?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?${SCALE}\\b)?)?`,
    `\\b(?:usd|eur|gbp)\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?${SCALE}\\b)?`,
    `\\b${NUM}(?:\\s|-)?${SCALE}?\\s?${CURRENCY_WORD}\\b`,
  ].join('|'),
  'gi',
)

const MONTH =
  '(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)'
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)'
const UNIT = '(?:days?|weeks?|months?|quarters?|years?|business days?|hours?)'
const TIMEFRAME = new RegExp(
  [
    `\\b\\d+\\s?(?:-|–|to)\\s?\\d+\\s?${UNIT}\\b`,
    `\\b(?:next|last|past|first|within|in|over|the next|the last|the first)\\s+(?:\\d+|${NUMBER_WORD})\\s+${UNIT}\\b`,
    `\\b(?:q[1-4]|h[12])(?:\\s?(?:fy)?'?\\d{2,4})?\\b`,
    `\\bfy\\s?'?\\d{2,4}\\b`,
    `\\b(?:by|before|until|in|from|end of|early|late|mid|mid-)\\s?${MONTH}(?:\\s\\d{1,2}(?:st|nd|rd|th)?)?(?:,?\\s\\d{4})?\\b`,
    `\\b(?:by |before )?(?:the )?end of (?:the |this |next )?(?:year|quarter|month|week|fiscal year)\\b`,
    `\\b(?:next|this|last) (?:week|month|quarter|year|fiscal year)\\b`,
    `\\b(?:by|on|next|this|before) ${WEEKDAY}\\b`,
    `\\b(?:(?:by|until|before|end of) today|tomorrow|eod|eow|eoy|eoq)\\b`,
    `\\b\\d+\\s${UNIT}\\b`,
  ].join('|'),
  'gi',
)

const DEPARTMENT =
  '(?:engineering|finance|sales|marketing|data(?: engineering| science| platform)?|analytics|it|operations|ops|procurement|security|information security|product|revenue(?: operations)?|revops|platform|infrastructure|people|hr|legal|customer success|enablement|growth|partnerships|technology|strategy|business intelligence|bi)'
const TITLE = new RegExp(
  [
    '\\b(?:ceo|cfo|cro|coo|cio|cto|ciso|cmo|cdo|cpo|vpe|svp|evp)\\b',
    `\\b(?:senior |executive )?(?:vp|vice president|head|director|senior director|manager|lead|chief)(?: of| for)? ${DEPARTMENT}\\b`,
    '\\bchief [a-z]+ officer\\b',
    `\\b${DEPARTMENT} (?:director|manager|lead|leader|head|vp)\\b`,
    '\\b(?:controller|procurement manager|general counsel|founder|co-founder|owner|president)\\b',
  ].join('|'),
  'gi',
)

const ORG_SUFFIX =
  /\b([A-Z][A-Za-z0-9&.-]*(?:\s[A-Z][A-Za-z0-9&.-]*){0,3})\s(?:Inc|Corp|Corporation|LLC|Ltd|GmbH|AG|SA|Labs|Systems|Technologies|Software|Group|Holdings)\b\.?/g
const ORG_CONTEXT =
  /\b(?:at|with|from|using|use|uses|to|via|like|than|versus|vs|called|named|switch from|switching from|moving from|replace|replacing)\s((?:[A-Z][a-z0-9]+[A-Z]?[A-Za-z0-9]*|[A-Z]{2,})(?:\s(?:[A-Z][a-z0-9]+|[A-Z]{2,})){0,2})\b/g

const STOP_CAPITALS = new Set(
  [
    'I',
    'I’m',
    'We',
    'You',
    'They',
    'The',
    'This',
    'That',
    'It',
    'Thanks',
    'Okay',
    'OK',
    'Yes',
    'No',
    'Monday',
    'Tuesday',
    'Wednesday',
    'Thursday',
    'Friday',
    'Saturday',
    'Sunday',
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
    'Q1',
    'Q2',
    'Q3',
    'Q4',
    'CFO',
    'CEO',
    'CRO',
    'COO',
    'CIO',
    'CTO',
    'VP',
    'ROI',
    'KPI',
    'SSO',
    'POC',
    'AI',
    'API',
    'SQL',
    'US',
    'USD',
    'EU',
    'UK',
    'IT',
    'HR',
    'PO',
    'MSA',
    'RFP',
    'ETL',
    'SLA',
  ].map((s) => s.toLowerCase()),
)

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export type EntityMatcher = {
  extract: (sentence: string) => CallEntities
}

/** Compile the entity rules once per dictionary (the dictionary regex is the expensive part). */
export function createEntityMatcher(options: {
  organizations?: readonly string[]
  /** Words never taken as organizations (speaker names). */
  excludeNames?: readonly string[]
}): EntityMatcher {
  const dictionary = [...DEFAULT_ORGANIZATIONS, ...(options.organizations ?? [])]
  const canonical = new Map(dictionary.map((name) => [name.toLowerCase(), name]))
  const sorted = [...canonical.values()].sort((a, b) => b.length - a.length)
  const dictRegex = new RegExp(`(?<![\\w-])(?:${sorted.map(escape).join('|')})(?![\\w-])`, 'gi')
  const excluded = new Set<string>()
  for (const name of options.excludeNames ?? []) {
    excluded.add(name.toLowerCase())
    for (const part of name.split(/\s+/)) excluded.add(part.toLowerCase())
  }
  const keepOrg = (candidate: string): boolean => {
    const lower = candidate.toLowerCase()
    if (STOP_CAPITALS.has(lower) || excluded.has(lower)) return false
    return !candidate
      .split(/\s+/)
      .every((w) => STOP_CAPITALS.has(w.toLowerCase()) || excluded.has(w.toLowerCase()))
  }
  return {
    extract(sentence) {
      const money = matchAll(MONEY, sentence)
      const timeframes = matchAll(TIMEFRAME, sentence)
      const titles = matchAll(TITLE, sentence)
      const organizations: string[] = []
      if (/[A-Za-z]/.test(sentence)) {
        for (const m of sentence.matchAll(dictRegex)) {
          const name = canonical.get(m[0].toLowerCase())
          // Short all-lowercase hits of ambiguous words ("mode", "sigma") count only when capitalised.
          if (name !== undefined && (m[0] !== m[0].toLowerCase() || name === name.toLowerCase()))
            organizations.push(name)
        }
        for (const m of sentence.matchAll(ORG_SUFFIX)) organizations.push(m[0].replace(/\.$/, ''))
        for (const m of sentence.matchAll(ORG_CONTEXT)) {
          const candidate = m[1]
          if (candidate !== undefined && keepOrg(candidate) && !canonical.has(candidate.toLowerCase()))
            organizations.push(candidate)
        }
      }
      return { money, timeframes, organizations, titles }
    },
  }
}

function matchAll(regex: RegExp, text: string): string[] {
  const out: string[] = []
  for (const m of text.matchAll(regex)) {
    const value = m[0].trim()
    if (value.length > 0) out.push(value)
  }
  return out
}

/** Merge per-sentence entities into the call's, each value once (first spelling kept, case-insensitive). */
export function mergeEntities(parts: readonly CallEntities[]): CallEntities {
  const out: CallEntities = { money: [], timeframes: [], organizations: [], titles: [] }
  const seen = {
    money: new Set<string>(),
    timeframes: new Set<string>(),
    organizations: new Set<string>(),
    titles: new Set<string>(),
  }
  for (const part of parts) {
    for (const key of ['money', 'timeframes', 'organizations', 'titles'] as const) {
      for (const value of part[key]) {
        const k = value.toLowerCase()
        if (seen[key].has(k)) continue
        seen[key].add(k)
        out[key].push(value)
      }
    }
  }
  return out
}
