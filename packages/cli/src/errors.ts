import pc from 'picocolors'
import { isRevlabError } from '@revlab/domain'

/** Prints an error the way a person can act on, and exits 1 (bad input) or 2 (usage). */
export function exitWithError(error: unknown): never {
  if (isRevlabError(error)) {
    process.stderr.write(`${pc.red('error:')} ${error.message}\n`)
    if (error.hint) process.stderr.write(`${pc.dim('  hint:')} ${error.hint}\n`)
    process.exit(error.code === 'BAD_USAGE' ? 2 : 1)
  }
  process.stderr.write(
    `${pc.red('error:')} unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
  )
  if (process.env.REVLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`)
  else process.stderr.write(`${pc.dim('  hint:')} set REVLAB_DEBUG=1 for the stack trace, and report it\n`)
  process.exit(1)
}
