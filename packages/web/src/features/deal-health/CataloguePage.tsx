import { SIGNAL_GROUPS, type SessionUser, type SignalDefinition } from '@revlab/domain'
import { useState, type FormEvent } from 'react'
import { ApiError, apiRequest } from '../../api/client'
import { ErrorBox, Loading } from '../../components/Status'
import { humanize } from '../../lib/format'
import { useApi } from '../../lib/use-api'
import { useDocumentTitle } from '../../lib/use-document-title'

type StageModels = {
  data: {
    id: string
    name: string
    stages: { key: string; name: string; isClosed: boolean; exitCriteria: string[] }[]
  }[]
  presets: { key: string; name: string; installed: boolean }[]
}

const messageOf = (e: unknown) =>
  e instanceof ApiError ? `${e.message}${e.hint ? ` — ${e.hint}` : ''}` : String(e)

/** The signal catalogue and the stage models' exit criteria; admins edit, everyone reads. */
export function CataloguePage({ user }: { user: SessionUser }) {
  useDocumentTitle('Signals and stages')
  const [version, setVersion] = useState(0)
  const [error, setError] = useState<string | null>(null)
  const signals = useApi(`catalogue-signals:${version}`, (signal) =>
    apiRequest<{ data: SignalDefinition[] }>('/api/v1/signal-definitions', { signal }),
  )
  const models = useApi(`catalogue-models:${version}`, (signal) =>
    apiRequest<StageModels>('/api/v1/stage-models', { signal }),
  )
  const isAdmin = user.role === 'admin'
  const act = async (work: () => Promise<unknown>) => {
    setError(null)
    try {
      await work()
      setVersion((v) => v + 1)
    } catch (e) {
      setError(messageOf(e))
    }
  }
  return (
    <main className="page">
      <div className="page-header">
        <h1>Signals and stages</h1>
        <span className="muted">{isAdmin ? 'you can edit the catalogue' : 'admins edit the catalogue'}</span>
      </div>
      {error && (
        <p className="form-error" role="alert" data-testid="catalogue-error">
          {error}
        </p>
      )}
      <section className="card">
        <div className="card-header">
          <h2>Signal catalogue</h2>
        </div>
        {signals.status === 'error' ? (
          <ErrorBox title="Could not load signals" error={signals.error} />
        ) : !signals.data ? (
          <Loading label="Loading…" />
        ) : (
          <table className="table" data-testid="signal-catalogue">
            <thead>
              <tr>
                <th>Key</th>
                <th>Label</th>
                <th>Group</th>
                <th>Type</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {signals.data.data.map((s) => (
                <tr key={s.key}>
                  <td>
                    <code>{s.key}</code>
                  </td>
                  <td className="strong">{s.label}</td>
                  <td>{humanize(s.group)}</td>
                  <td>{s.valueType}</td>
                  <td className="muted">{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {isAdmin && (
          <NewSignalForm
            onSubmit={(def) =>
              act(() => apiRequest('/api/v1/signal-definitions', { method: 'POST', body: def }))
            }
          />
        )}
      </section>
      <section className="card">
        <div className="card-header">
          <h2>Stage models and exit criteria</h2>
        </div>
        {models.status === 'error' ? (
          <ErrorBox title="Could not load stage models" error={models.error} />
        ) : !models.data ? (
          <Loading label="Loading…" />
        ) : (
          <>
            {models.data.data.map((m) => (
              <div key={m.id} data-testid={`stage-model-${m.id}`}>
                <h3 className="subhead">{m.name}</h3>
                <table className="table">
                  <tbody>
                    {m.stages
                      .filter((s) => !s.isClosed)
                      .map((s) => (
                        <ExitCriteriaRow
                          key={`${s.key}-${s.exitCriteria.join(',')}`}
                          stageName={s.name}
                          criteria={s.exitCriteria}
                          editable={isAdmin}
                          onSave={(keys) =>
                            act(() =>
                              apiRequest(`/api/v1/stage-models/${m.id}/stages/${s.key}/exit-criteria`, {
                                method: 'PUT',
                                body: { exitCriteria: keys },
                              }),
                            )
                          }
                        />
                      ))}
                  </tbody>
                </table>
              </div>
            ))}
            {isAdmin &&
              models.data.presets
                .filter((p) => !p.installed)
                .map((p) => (
                  <button
                    key={p.key}
                    className="button"
                    onClick={() =>
                      void act(() => apiRequest(`/api/v1/stage-models/presets/${p.key}`, { method: 'POST' }))
                    }
                  >
                    Install the {p.name} preset
                  </button>
                ))}
          </>
        )}
      </section>
    </main>
  )
}

function ExitCriteriaRow(props: {
  stageName: string
  criteria: string[]
  editable: boolean
  onSave: (keys: string[]) => Promise<void>
}) {
  const [text, setText] = useState(props.criteria.join(', '))
  return (
    <tr>
      <td className="strong">{props.stageName}</td>
      <td>
        {props.editable ? (
          <input
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-label={`exit criteria of ${props.stageName}`}
          />
        ) : (
          props.criteria.join(', ') || '–'
        )}
      </td>
      {props.editable && (
        <td>
          <button
            className="button"
            onClick={() =>
              void props.onSave(
                text
                  .split(',')
                  .map((k) => k.trim())
                  .filter(Boolean),
              )
            }
          >
            Save
          </button>
        </td>
      )}
    </tr>
  )
}

function NewSignalForm({ onSubmit }: { onSubmit: (def: SignalDefinition) => Promise<void> }) {
  const [def, setDef] = useState<SignalDefinition>({
    key: '',
    label: '',
    group: 'meddpicc',
    valueType: 'boolean',
    description: '',
  })
  const submit = (e: FormEvent) => {
    e.preventDefault()
    void onSubmit(def)
  }
  return (
    <form className="edit-form" onSubmit={submit} data-testid="new-signal-form">
      <h3>Add a signal</h3>
      <div className="field-row">
        <label className="field">
          <span>Key</span>
          <input
            value={def.key}
            onChange={(e) => setDef({ ...def, key: e.target.value })}
            placeholder="security_review"
          />
        </label>
        <label className="field">
          <span>Label</span>
          <input value={def.label} onChange={(e) => setDef({ ...def, label: e.target.value })} />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>Group</span>
          <select
            value={def.group}
            onChange={(e) => setDef({ ...def, group: e.target.value as SignalDefinition['group'] })}
          >
            {SIGNAL_GROUPS.map((g) => (
              <option key={g} value={g}>
                {humanize(g)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Type</span>
          <select
            value={def.valueType}
            onChange={(e) => setDef({ ...def, valueType: e.target.value as SignalDefinition['valueType'] })}
          >
            <option value="boolean">yes/no</option>
            <option value="category">category</option>
            <option value="number">number</option>
          </select>
        </label>
      </div>
      <label className="field">
        <span>Description</span>
        <input value={def.description} onChange={(e) => setDef({ ...def, description: e.target.value })} />
      </label>
      <button type="submit" className="button primary">
        Add signal
      </button>
    </form>
  )
}
