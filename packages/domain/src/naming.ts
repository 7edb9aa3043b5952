/** `amountCents` → `amount_cents`: how a record field names its column. */
export const toSnakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** `amount_cents` → `amountCents`. */
export const toCamelCase = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())

/** "Tried DIY or open source" → "tried DIY or open source"; an acronym or a lower-case label stays as it is. */
export const lowerFirst = (label: string): string =>
  /^[A-Z][a-z]/.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label

/** A category value for people: `fresh_funding` → "fresh funding". */
export const signalValueText = (value: string): string => value.replace(/_/g, ' ')

/** A signal value as a title: "Executive sponsor", "No tried DIY or open source", "Budget status: fresh funding". */
export const signalValueTitle = (s: { label: string; value: string }): string =>
  s.value === 'true'
    ? s.label
    : s.value === 'false'
      ? `No ${lowerFirst(s.label)}`
      : `${s.label}: ${signalValueText(s.value)}`
