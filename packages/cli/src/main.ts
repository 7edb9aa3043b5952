#!/usr/bin/env node
/**
 * The `revlab` command. Every command prints a readable table to a person and
 * exact JSON with --json; the database comes from --db, else REVLAB_DB, else
 * ./revlab.duckdb. Exit codes: 0 ok, 1 bad input or failure, 2 usage error.
 */
import { Command, InvalidArgumentError, Option } from 'commander'
import { USER_ROLES } from '@revlab/domain'
import { exitWithError } from './errors.js'
import { DEMO_SCALE_NAMES, demoCommand } from './commands/demo.js'
import { demoVerifyCommand } from './commands/demo-verify.js'
import { DEFAULT_PORT, parsePort, serveCommand } from './commands/serve.js'
import { statusCommand } from './commands/status.js'
import { userAddCommand } from './commands/user.js'
import { importCommand, importShowCommand, importsCommand } from './commands/import.js'
import { registerConsumptionAnalyses } from './commands/analyze-consumption.js'
import { registerExceptionsAnalysis } from './commands/analyze-exceptions.js'
import { registerDealExecutionAnalyses } from './commands/analyze-deal-execution.js'
import { registerDealScoreAnalyses } from './commands/analyze-deal-score.js'
import { registerEnablementAnalysis } from './commands/analyze-enablement.js'
import { askCommand } from './commands/ask.js'
import { briefCommand } from './commands/brief.js'
import { registerCallsCommands } from './commands/calls.js'
import { registerAnalyzeCommands } from './commands/analyze.js'
import { registerForecastAnalysis } from './commands/analyze-forecast.js'

const dbOption = () =>
  new Option('--db <location>', 'DuckDB file or postgres:// URL (default: $REVLAB_DB, else ./revlab.duckdb)')

const portArg = (raw: string): number => {
  try {
    return parsePort(raw)
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message)
  }
}

const seedArg = (raw: string): number => {
  const seed = Number(raw)
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new InvalidArgumentError('the seed is a whole number ≥ 0')
  return seed
}

const dateArg = (raw: string): string => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) {
    throw new InvalidArgumentError('dates are YYYY-MM-DD')
  }
  return raw
}

const today = (): string => new Date().toISOString().slice(0, 10)

const run =
  <A extends unknown[]>(action: (...args: A) => Promise<void>) =>
  async (...args: A): Promise<void> => {
    try {
      await action(...args)
    } catch (error) {
      exitWithError(error)
    }
  }

const program = new Command()
  .name('revlab')
  .description(
    'Revlab — the revenue learning system: joins CRM, calls, LMS and usage, and learns from every deal.',
  )
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (text, write) => write(text) })
  .exitOverride((err) => {
    process.exit(err.exitCode === 0 ? 0 : 2)
  })

const demo = program
  .command('demo')
  .description(
    'generate a realistic demo company with planted effects, print a briefing, and serve the web app',
  )
  .addOption(dbOption())
  .addOption(new Option('--scale <scale>', 'size of the company').choices(DEMO_SCALE_NAMES).default('medium'))
  .option(
    '--seed <n>',
    'random seed: the same seed (and --as-of) gives the same data on any engine',
    seedArg,
    42,
  )
  .option('--as-of <date>', 'the demo\'s "today" (YYYY-MM-DD)', dateArg, today())
  .option('--no-serve', 'load and print, then exit instead of serving')
  .option('--port <port>', 'port to serve on', portArg, DEFAULT_PORT)
  .option('--replace', 'delete what the database holds and load the demo')
  .option('--json', 'print {counts, planted_effects, logins} as JSON')
  .action(
    run(
      async (options: {
        db?: string
        scale: (typeof DEMO_SCALE_NAMES)[number]
        seed: number
        asOf: string
        serve: boolean
        port: number
        replace?: boolean
        json?: boolean
      }) => {
        await demoCommand(options)
      },
    ),
  )

demo
  .command('verify')
  .description(
    'run every analysis against the planted truths: is each planted effect inside its 95% interval?',
  )
  .addOption(dbOption())
  .option('--json', 'print [{key, planted, estimate, ci95, covered}] as JSON')
  // `demo` has --db and --json of its own, which commander gives to the parent: read both levels.
  .action(
    run(async (_options: unknown, command: Command) =>
      demoVerifyCommand(command.optsWithGlobals<{ db?: string; json?: boolean }>()),
    ),
  )

program
  .command('status')
  .description('which database and engine are in use, the schema version, and the rows in every table')
  .addOption(dbOption())
  .option('--json', 'print {engine, database, schema_version, counts} as JSON')
  .action(run(async (options: { db?: string; json?: boolean }) => statusCommand(options)))

program
  .command('serve')
  .description('serve the web app and the API (holds a DuckDB file while running)')
  .addOption(dbOption())
  .option('--port <port>', 'port to listen on', portArg, DEFAULT_PORT)
  .option('--host <host>', 'address to listen on', '0.0.0.0')
  .action(run(async (options: { db?: string; port: number; host: string }) => serveCommand(options)))

const user = program.command('user').description('manage who can sign in')
user
  .command('add')
  .description('add a user; the password is read from $REVLAB_PASSWORD, else one is generated and shown once')
  .argument('<email>', 'the email they sign in with')
  .addOption(new Option('--role <role>', 'what they may see').choices(USER_ROLES).makeOptionMandatory())
  .option('--name <name>', 'display name')
  .option('--person <id>', 'the sales-team person this user is (reps and managers see their own deals)')
  .addOption(dbOption())
  .option('--json', 'print the new user as JSON')
  .action(
    run(
      async (
        email: string,
        options: { role: string; name?: string; person?: string; db?: string; json?: boolean },
      ) => userAddCommand(email, options),
    ),
  )

registerAnalyzeCommands(program, { dbOption, dateArg, run })

// Consumption, briefing (issue 8). `analyze` may already exist (win patterns): add to it, else create it.
const analyzeGroup =
  program.commands.find((c) => c.name() === 'analyze') ??
  program.command('analyze').description('run an analysis over the store and print it (--json for scripts)')
registerConsumptionAnalyses(analyzeGroup, { dbOption, dateArg, run })
registerExceptionsAnalysis(analyzeGroup, { dbOption, dateArg, run })
registerDealExecutionAnalyses(analyzeGroup, { dbOption, dateArg, run })
registerDealScoreAnalyses(analyzeGroup, { dbOption, dateArg, run })
registerEnablementAnalysis(analyzeGroup, { dbOption, dateArg, run })
registerForecastAnalysis(analyzeGroup, { dbOption, dateArg, run })

program
  .command('ask')
  .description('answer a plain-language question, e.g. "How is Lars doing over the last 30 days?"')
  .argument('<question>', 'the question, in quotes')
  .addOption(dbOption())
  .option('--json', 'print the answer as JSON (see docs/cli.md)')
  .action(
    run(async (question: string, options: { db?: string; json?: boolean }) => askCommand(question, options)),
  )

program
  .command('brief')
  .description(
    'the morning-coffee briefing: consumption, gainers and losers, use cases, deals, POCs, reviews',
  )
  .addOption(dbOption())
  .option('--date <date>', 'the last day to report (default: the latest day with consumption)', dateArg)
  .option('--team <team>', 'only this team')
  .option('--json', 'print the briefing as JSON (see docs/cli.md)')
  .option('--send', 'also send the digest by email and/or Slack (REVLAB_SMTP_URL, REVLAB_SLACK_WEBHOOK_URL)')
  .action(
    run(async (options: { db?: string; date?: string; team?: string; json?: boolean; send?: boolean }) =>
      briefCommand(options),
    ),
  )

registerCallsCommands(program, { dbOption, run })

program
  .command('import')
  .description(
    'import files: salesforce | xapi | lms-csv | consumption | transcript | gong | mapped (any deal CSV with --map)',
  )
  .argument('<source>', 'the kind of data')
  .argument('<paths...>', 'the files (or export folder) to import')
  .option('--map <file>', 'mapping file for the mapped source (a path, or a shipped name)')
  .option('--strict', 'fail the whole import (exit 1) if any row is rejected')
  .option('--internal <names>', 'transcript/gong: speakers on the selling side, "Name A,Name B"')
  .option('--deal <id>', 'transcript/gong: the deal the calls belong to')
  .addOption(dbOption())
  .option(
    '--json',
    'print {source, files, rows_read, inserted, updated, unchanged, rejected, rejects} as JSON',
  )
  .action(
    run(
      async (
        source: string,
        paths: string[],
        options: {
          map?: string
          strict?: boolean
          db?: string
          json?: boolean
          internal?: string
          deal?: string
        },
      ) => importCommand(source, paths, options),
    ),
  )

const imports = program
  .command('imports')
  .description('past import runs, newest first')
  .addOption(dbOption())
  .option('--json', 'print the runs as JSON')
  .action(run(async (options: { db?: string; json?: boolean }) => importsCommand(options)))

imports
  .command('show')
  .description('one import run and its rejected rows')
  .argument('<id>', 'the run id (from revlab imports)')
  .addOption(dbOption())
  .option('--json', 'print the run and its rejects as JSON')
  .action(
    run(async (id: string, _options: unknown, command: Command) =>
      importShowCommand(id, command.optsWithGlobals<{ db?: string; json?: boolean }>()),
    ),
  )

program.parseAsync(process.argv).catch((error: unknown) => {
  exitWithError(error)
})
