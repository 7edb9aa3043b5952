import type { AeType, Person, PersonAlias, PersonRole } from '@revlab/domain'
import type { Rng } from '@revlab/stats'
import type { DemoScaleSizes } from './demo-scales.js'
import { toIsoDate } from './dates.js'
import { COMPANY_DOMAIN, FIRST_NAMES, LAST_NAMES, REGIONS, SEGMENTS } from './names.js'

export type PeopleResult = { people: Person[]; personAliases: PersonAlias[] }

/** The rep the product brief asks about ("How is Lars doing?"): the first core AE in EMEA. */
const NAMED_REP = 'Lars Eriksen'

const emailLocal = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .join('.')

/**
 * The sales team: one leader, managers per region (one segment each, or all
 * segments when a region has a single manager), AEs split into hunters and
 * core owners, SEs and SDRs per region. Tenure varies: most started before
 * the history window, some joined during it (never in the last 60 days).
 */
export const generatePeople = (rng: Rng, sizes: DemoScaleSizes, asOfDay: number): PeopleResult => {
  const people: Person[] = []
  const usedNames = new Set<string>([NAMED_REP])
  const uniqueName = (): string => {
    for (;;) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
      if (!usedNames.has(name)) {
        usedNames.add(name)
        return name
      }
    }
  }
  // Tenure: 75% joined 1-8 years before asOf, 25% during the two-year history.
  const startDay = (): number =>
    rng.bernoulli(0.75) ? asOfDay - Math.round(rng.float(760, 2900)) : asOfDay - rng.int(60, 700)
  let namedRepPlaced = false
  const add = (fields: {
    name: string
    role: PersonRole
    aeType: AeType | null
    managerId: string | null
    team: string
    region: string
    segment: string
    startDay: number
  }): Person => {
    const person: Person = {
      id: `person-${String(people.length + 1).padStart(4, '0')}`,
      name: fields.name,
      email: `${emailLocal(fields.name)}@${COMPANY_DOMAIN}`,
      role: fields.role,
      aeType: fields.aeType,
      managerId: fields.managerId,
      team: fields.team,
      region: fields.region,
      segment: fields.segment,
      startDate: toIsoDate(fields.startDay),
      active: true,
    }
    people.push(person)
    return person
  }

  const leader = add({
    name: uniqueName(),
    role: 'leader',
    aeType: null,
    managerId: null,
    team: 'Sales Leadership',
    region: 'Global',
    segment: 'All',
    startDay: asOfDay - 2200,
  })

  for (const region of REGIONS) {
    const managers: Person[] = []
    for (let m = 0; m < sizes.managersPerRegion; m += 1) {
      const segment = sizes.managersPerRegion === 1 ? 'All' : (SEGMENTS[m % SEGMENTS.length] ?? 'All')
      const team =
        segment === 'All'
          ? region
          : `${region} ${segment}${m >= SEGMENTS.length ? ` ${Math.floor(m / SEGMENTS.length) + 1}` : ''}`
      const manager = add({
        name: uniqueName(),
        role: 'manager',
        aeType: null,
        managerId: leader.id,
        team,
        region,
        segment,
        startDay: asOfDay - Math.round(rng.float(800, 3000)),
      })
      managers.push(manager)
      for (let a = 0; a < sizes.aesPerManager; a += 1) {
        // Mixed-segment teams rotate segments so every segment has a hunter and a core owner.
        const aeSegment = segment === 'All' ? (SEGMENTS[a % SEGMENTS.length] ?? 'SMB') : segment
        const aeType: AeType =
          segment === 'All'
            ? Math.floor(a / SEGMENTS.length) % 2 === 0
              ? 'hunter'
              : 'core'
            : a < Math.ceil(sizes.aesPerManager * 0.6)
              ? 'hunter'
              : 'core'
        const isNamedRep = !namedRepPlaced && region === 'EMEA' && aeType === 'core'
        if (isNamedRep) namedRepPlaced = true
        add({
          name: isNamedRep ? NAMED_REP : uniqueName(),
          role: 'ae',
          aeType,
          managerId: manager.id,
          team,
          region,
          segment: aeSegment,
          // The named rep has a long tenure so he owns deals across the whole history.
          startDay: isNamedRep ? asOfDay - 1500 : startDay(),
        })
      }
    }
    const firstManager = managers[0]
    for (let s = 0; s < sizes.sesPerRegion; s += 1) {
      add({
        name: uniqueName(),
        role: 'se',
        aeType: null,
        managerId: leader.id,
        team: `${region} Solutions`,
        region,
        segment: 'All',
        startDay: asOfDay - Math.round(rng.float(800, 2900)),
      })
    }
    for (let s = 0; s < sizes.sdrsPerRegion; s += 1) {
      add({
        name: uniqueName(),
        role: 'sdr',
        aeType: null,
        managerId: firstManager?.id ?? leader.id,
        team: `${region} Development`,
        region,
        segment: 'All',
        startDay: startDay(),
      })
    }
  }

  return { people, personAliases: generatePersonAliases(people) }
}

/** How other systems spell a person: the CRM email, "L. Eriksen" in call tools, "leriksen@" in the LMS. */
const generatePersonAliases = (people: Person[]): PersonAlias[] => {
  const aliases: PersonAlias[] = []
  const taken = new Set<string>()
  const push = (personId: string, kind: 'email' | 'name', value: string, source: string): void => {
    const key = `${kind}:${value.toLowerCase()}`
    if (taken.has(key)) return
    taken.add(key)
    aliases.push({
      id: `alias-${String(aliases.length + 1).padStart(5, '0')}`,
      personId,
      kind,
      value,
      source,
    })
  }
  for (const person of people) {
    const [first = '', last = ''] = person.name.split(' ')
    push(person.id, 'email', person.email, 'crm')
    push(person.id, 'name', person.name, 'crm')
    push(person.id, 'name', `${first.charAt(0)}. ${last}`, 'calls')
    push(person.id, 'name', `${last}, ${first}`, 'lms')
    push(
      person.id,
      'email',
      `${first.charAt(0).toLowerCase()}${last.toLowerCase()}@${person.email.split('@')[1] ?? ''}`,
      'lms',
    )
  }
  return aliases
}
