import type { DealStatus } from '@revlab/domain'

const LABELS: Record<DealStatus, string> = { open: 'Open', won: 'Won', lost: 'Lost' }

export function StatusBadge({ status }: { status: DealStatus }) {
  return <span className={`badge badge-${status}`}>{LABELS[status]}</span>
}
