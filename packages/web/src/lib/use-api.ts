import { useEffect, useState } from 'react'

export type ApiState<T> =
  | { status: 'loading'; data: T | undefined; error: undefined }
  | { status: 'ok'; data: T; error: undefined }
  | { status: 'error'; data: T | undefined; error: Error }

/**
 * Runs `load` whenever `key` changes and cancels the previous request, so a
 * fast typist never sees an older response overwrite a newer one. Keeps the
 * last data while reloading so tables don't flash empty between pages.
 */
export function useApi<T>(key: string, load: (signal: AbortSignal) => Promise<T>): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading', data: undefined, error: undefined })

  useEffect(() => {
    const controller = new AbortController()
    setState((prev) => ({ status: 'loading', data: prev.data, error: undefined }))
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data, error: undefined })
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        const error = err instanceof Error ? err : new Error(String(err))
        setState((prev) => ({ status: 'error', data: prev.data, error }))
      },
    )
    return () => controller.abort()
    // `load` is recreated every render; `key` says when the request really changes.
  }, [key])

  return state
}
