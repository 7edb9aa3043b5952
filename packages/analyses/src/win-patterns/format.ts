import { lowerFirst, signalValueText } from '@revlab/domain'
/** Number formatting for the plain sentences. */
export const pct = (x: number): string => `${Math.round(x * 100)}%`
export const pctRange = (ci: readonly [number, number]): string =>
  `${Math.round(ci[0] * 100)}–${Math.round(ci[1] * 100)}%`
export const count = (n: number): string => n.toLocaleString('en-US')
export const days = (d: number): string => `${Math.round(d)} days`
export const ratio = (x: number): string => (x >= 10 ? x.toFixed(0) : x.toFixed(2))
export const describeItem = (item: { label: string; value: string; valueType: string }): string =>
  item.valueType === 'boolean'
    ? item.value === 'true'
      ? lowerFirst(item.label)
      : `no ${lowerFirst(item.label)}`
    : `${lowerFirst(item.label)} ${signalValueText(item.value)}`
