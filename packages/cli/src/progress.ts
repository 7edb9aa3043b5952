import cliProgress from 'cli-progress'

export type Progress = { update(done: number, total: number, label: string): void; stop(): void }

/** A progress bar on stderr when a person is watching; silent when piped. */
export function createProgress(title: string): Progress {
  if (!process.stderr.isTTY) return { update() {}, stop() {} }
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} [{bar}] {percentage}% | {value}/{total} rows | {label}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, 0, { label })
        started = true
      }
      bar.setTotal(Math.max(total, done))
      bar.update(done, { label })
    },
    stop() {
      if (started) bar.stop()
    },
  }
}
