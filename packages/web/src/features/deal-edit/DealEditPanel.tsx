import {
  SIGNAL_SOURCES,
  STAKEHOLDER_ROLES,
  type AuditEntryView,
  type DealDetail,
  type SignalDefinition,
} from '@revlab/domain'
import { useState, type FormEvent } from 'react'
import { ApiError } from '../../api/client'
import { Empty, ErrorBox, Loading } from '../../components/Status'
import { formatDate, formatMoneyFull, humanize, todayIso } from '../../lib/format'
import { dealEdits, useDealAudit, useEditOptions, type EditResult } from './use-deal-edit'

type Props = { detail: DealDetail; onSaved: (result: EditResult) => void; version: number }

const messageOf = (e: unknown): string =>
  e instanceof ApiError ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : String(e)

/** Runs one save and keeps its outcome for the form to show. */
function useSave(onSaved: (r: EditResult) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [done, setDone] = useState<EditResult | null>(null)
  const run = async (work: () => Promise<EditResult>): Promise<boolean> => {
    setBusy(true)
    setError(null)
    setDone(null)
    try {
      const result = await work()
      setDone(result)
      onSaved(result)
      return true
    } catch (e) {
      setError(messageOf(e))
      return false
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, done, run }
}

function Outcome({ error, done, testId }: { error: string | null; done: EditResult | null; testId: string }) {
  if (error)
    return (
      <p className="form-error" role="alert" data-testid={`${testId}-error`}>
        {error}
      </p>
    )
  if (!done) return null
  return (
    <div className="notice" role="status" data-testid={`${testId}-saved`}>
      {done.changed.length ? 'Saved.' : 'Nothing to change.'}
      {done.warnings.map((w) => (
        <div key={w} className="edit-warning">
          {w}
        </div>
      ))}
    </div>
  )
}

export function DealEditPanel({ detail, onSaved, version }: Props) {
  const options = useEditOptions(detail.deal.id, version)
  return (
    <section className="card deal-edit" aria-labelledby="edit-heading" data-testid="deal-edit">
      <div className="card-header">
        <h2 id="edit-heading">Update this deal</h2>
        <span className="muted">every change is recorded in the history below</span>
      </div>
      {options.status === 'error' ? (
        <ErrorBox title="Could not load the edit options" error={options.error} />
      ) : !options.data ? (
        <Loading label="Loading…" />
      ) : (
        <div className="edit-grid">
          <DealFieldsForm
            detail={detail}
            stages={options.data.stages.filter((s) => s.stageModelId === detail.deal.stageModelId)}
            onSaved={onSaved}
          />
          <SignalForm dealId={detail.deal.id} signals={options.data.signals} onSaved={onSaved} />
          <StakeholderForm dealId={detail.deal.id} contacts={options.data.contacts} onSaved={onSaved} />
        </div>
      )}
    </section>
  )
}

function DealFieldsForm({
  detail,
  stages,
  onSaved,
}: {
  detail: DealDetail
  stages: { key: string; name: string }[]
  onSaved: Props['onSaved']
}) {
  const { deal } = detail
  const [stageKey, setStageKey] = useState(deal.stageKey)
  const [amount, setAmount] = useState(String(deal.amountCents / 100))
  const [closeDate, setCloseDate] = useState(deal.closeDate)
  const save = useSave(onSaved)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    const dollars = Number(amount)
    void save.run(() =>
      dealEdits.update(deal.id, {
        ...(stageKey !== deal.stageKey ? { stageKey } : {}),
        ...(Number.isFinite(dollars) && Math.round(dollars * 100) !== deal.amountCents
          ? { amountCents: Math.round(dollars * 100) }
          : {}),
        ...(!Number.isFinite(dollars) ? { amountCents: Number.NaN } : {}),
        ...(closeDate !== deal.closeDate ? { closeDate } : {}),
      }),
    )
  }
  return (
    <form className="edit-form" onSubmit={submit} data-testid="deal-edit-form" noValidate>
      <h3>Stage, amount, close date</h3>
      <label className="field">
        <span>Stage</span>
        <select value={stageKey} onChange={(e) => setStageKey(e.target.value)} data-testid="deal-edit-stage">
          {stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Amount ({deal.currency})</span>
        <input
          type="number"
          step="1"
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          data-testid="deal-edit-amount"
        />
      </label>
      <label className="field">
        <span>Close date</span>
        <input
          type="date"
          value={closeDate}
          onChange={(e) => setCloseDate(e.target.value)}
          data-testid="deal-edit-close"
        />
      </label>
      <button type="submit" className="button primary" disabled={save.busy} data-testid="deal-edit-save">
        {save.busy ? 'Saving…' : 'Save'}
      </button>
      <Outcome error={save.error} done={save.done} testId="deal-edit" />
    </form>
  )
}

function SignalForm({
  dealId,
  signals,
  onSaved,
}: {
  dealId: string
  signals: SignalDefinition[]
  onSaved: Props['onSaved']
}) {
  const [key, setKey] = useState(signals[0]?.key ?? '')
  const def = signals.find((s) => s.key === key)
  const [value, setValue] = useState(def?.valueType === 'boolean' ? 'true' : '')
  const [observedAt, setObservedAt] = useState(todayIso())
  const [source, setSource] = useState<string>('manual')
  const [evidence, setEvidence] = useState('')
  const [strength, setStrength] = useState('')
  const save = useSave(onSaved)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void save
      .run(() =>
        dealEdits.addSignal(dealId, {
          key,
          value,
          observedAt,
          source: source as (typeof SIGNAL_SOURCES)[number],
          evidence: evidence.trim() || null,
          ...(strength ? { strength: strength as 'strong' | 'weak' } : {}),
        }),
      )
      .then((ok) => ok && setEvidence(''))
  }
  return (
    <form className="edit-form" onSubmit={submit} data-testid="add-signal-form" noValidate>
      <h3>Add a signal</h3>
      <label className="field">
        <span>Signal</span>
        <select
          value={key}
          onChange={(e) => {
            setKey(e.target.value)
            const next = signals.find((s) => s.key === e.target.value)
            setValue(next?.valueType === 'boolean' ? 'true' : '')
            setStrength('')
          }}
          data-testid="signal-key"
        >
          {signals.map((s) => (
            <option key={s.key} value={s.key}>
              {humanize(s.group)}: {s.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Value</span>
        {def?.valueType === 'boolean' ? (
          <select value={value} onChange={(e) => setValue(e.target.value)} data-testid="signal-value">
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        ) : (
          <input
            value={value}
            onChange={(e) => setValue(e.target.value)}
            placeholder={def?.description}
            data-testid="signal-value"
          />
        )}
      </label>
      {def?.group === 'budget' && (
        <label className="field">
          <span>Budget strength</span>
          <select
            value={strength}
            onChange={(e) => setStrength(e.target.value)}
            data-testid="signal-strength"
          >
            <option value="">from the value</option>
            <option value="strong">Strong (prior spend, fresh funding, hypergrowth)</option>
            <option value="weak">Weak (“we’ll find it in planning”)</option>
          </select>
        </label>
      )}
      <div className="field-row">
        <label className="field">
          <span>Learned on</span>
          <input
            type="date"
            value={observedAt}
            onChange={(e) => setObservedAt(e.target.value)}
            data-testid="signal-date"
          />
        </label>
        <label className="field">
          <span>Source</span>
          <select value={source} onChange={(e) => setSource(e.target.value)} data-testid="signal-source">
            {SIGNAL_SOURCES.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>Evidence</span>
        <input
          value={evidence}
          onChange={(e) => setEvidence(e.target.value)}
          placeholder="what was said, where"
          data-testid="signal-evidence"
        />
      </label>
      <button type="submit" className="button primary" disabled={save.busy} data-testid="signal-save">
        Add signal
      </button>
      <Outcome error={save.error} done={save.done} testId="add-signal" />
    </form>
  )
}

function StakeholderForm({
  dealId,
  contacts,
  onSaved,
}: {
  dealId: string
  contacts: { id: string; name: string; title: string }[]
  onSaved: Props['onSaved']
}) {
  const [contactId, setContactId] = useState(contacts[0]?.id ?? 'new')
  const [name, setName] = useState('')
  const [title, setTitle] = useState('')
  const [roles, setRoles] = useState<string[]>([])
  const save = useSave(onSaved)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void save
      .run(() =>
        dealEdits.addStakeholder(dealId, {
          ...(contactId === 'new'
            ? { contact: { name, title, email: '', seniority: 'ic', department: '' } }
            : { contactId }),
          roles: roles as never,
        }),
      )
      .then((ok) => {
        if (ok) {
          setRoles([])
          setName('')
          setTitle('')
        }
      })
  }
  return (
    <form className="edit-form" onSubmit={submit} data-testid="add-stakeholder-form" noValidate>
      <h3>Add a stakeholder</h3>
      <label className="field">
        <span>Contact</span>
        <select
          value={contactId}
          onChange={(e) => setContactId(e.target.value)}
          data-testid="stakeholder-contact"
        >
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {c.title ? ` — ${c.title}` : ''}
            </option>
          ))}
          <option value="new">New contact…</option>
        </select>
      </label>
      {contactId === 'new' && (
        <div className="field-row">
          <label className="field">
            <span>Name</span>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="stakeholder-name" />
          </label>
          <label className="field">
            <span>Title</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} data-testid="stakeholder-title" />
          </label>
        </div>
      )}
      <fieldset className="role-picks">
        <legend>Roles</legend>
        {STAKEHOLDER_ROLES.map((r) => (
          <label key={r} className="role-pick">
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
              data-testid={`role-${r}`}
            />
            {humanize(r)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button primary" disabled={save.busy} data-testid="stakeholder-save">
        Add stakeholder
      </button>
      <Outcome error={save.error} done={save.done} testId="add-stakeholder" />
    </form>
  )
}

const describeValue = (v: unknown): string => {
  if (v === null || v === undefined) return '–'
  if (typeof v === 'object') return JSON.stringify(v)
  return String(v)
}

function describeChange(entry: AuditEntryView): string {
  const before = (entry.detail.before ?? null) as Record<string, unknown> | null
  const after = (entry.detail.after ?? null) as Record<string, unknown> | null
  if (entry.action === 'update' && before && after) {
    return Object.keys(after)
      .map((k) => {
        const fmt = (v: unknown) =>
          k === 'amountCents' && typeof v === 'number' ? formatMoneyFull(v) : describeValue(v)
        return `${humanize(k)}: ${fmt(before[k])} → ${fmt(after[k])}`
      })
      .join('; ')
  }
  if (entry.action === 'add_signal' && after)
    return `${describeValue(after.key)} = ${describeValue(after.value)}`
  if ((entry.action === 'add_stakeholder' || entry.action === 'update_stakeholder') && after) {
    return `${describeValue(entry.detail.contactName)}: ${(after.roles as string[]).map(humanize).join(', ')}`
  }
  return entry.entity === 'deal' ? '' : humanize(entry.entity)
}

export function DealHistory({ dealId, version }: { dealId: string; version: number }) {
  const audit = useDealAudit(dealId, version)
  return (
    <section className="card" aria-labelledby="audit-heading">
      <div className="card-header">
        <h2 id="audit-heading">History</h2>
        <span className="muted">who changed what (the audit log)</span>
      </div>
      {audit.status === 'error' ? (
        <ErrorBox title="Could not load the history" error={audit.error} />
      ) : !audit.data ? (
        <Loading label="Loading history…" />
      ) : audit.data.data.length === 0 ? (
        <Empty>No edits recorded in Revlab yet.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="audit-log">
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>What</th>
                <th>Change</th>
              </tr>
            </thead>
            <tbody>
              {audit.data.data.map((e) => (
                <tr key={e.id} data-testid="audit-entry">
                  <td className="nowrap">{formatDate(e.at)}</td>
                  <td>{e.userName ?? 'system'}</td>
                  <td>{humanize(e.action)}</td>
                  <td>{describeChange(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
