#!/usr/bin/env node
// The test suite needs PostgreSQL's server binaries and Debian's Chromium. This
// installs whichever is missing (as root, with apt-get), or says exactly what
// to install. It installs nothing that is already there.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'

const hasPostgres = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((v) => existsSync(`/usr/lib/postgresql/${v}/bin/initdb`))
const hasChromium = () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')

const missing = [...(hasPostgres() ? [] : ['postgresql']), ...(hasChromium() ? [] : ['chromium'])]
if (missing.length === 0) process.exit(0)

if (process.getuid?.() !== 0) {
  console.error(
    `error: the tests need ${missing.join(' and ')}\n  hint: sudo apt-get install -y ${missing.join(' ')}`,
  )
  process.exit(1)
}
console.error(`installing ${missing.join(', ')} with apt-get…`)
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
execFileSync(
  'apt-get',
  ['install', '-y', '-qq', '--no-install-recommends', ...missing, 'fonts-dejavu-core'],
  { stdio: 'inherit', env },
)
