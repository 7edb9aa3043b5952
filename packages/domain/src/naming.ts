/** `amountCents` → `amount_cents`: how a record field names its column. */
export const toSnakeCase = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** `amount_cents` → `amountCents`. */
export const toCamelCase = (name: string): string =>
  name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
