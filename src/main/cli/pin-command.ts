// `flakedeck pin` and `flakedeck unpin`: keep a generation (a label, and a GC root in
// Flakedeck's data folder so no garbage collection takes it), or let it go again.
import { resolve } from 'node:path'
import { pinLabelSchema } from '../../shared/generations/care-types'
import { resolveDataDir } from '../core/data-dir'
import { parseCommandArgs, UsageError } from './args'
import { openGenerationsBackend, settingsProfile } from './generations-backend'
import type { CliIo } from './io'

export const pinHelp = `Usage: flakedeck pin N --label TEXT [--profile DIR] [--json]
       flakedeck unpin N [--profile DIR] [--json]

pin keeps generation N: a GC root in Flakedeck's data folder keeps its store paths from any
garbage collection (nix-collect-garbage -d too), and "flakedeck clean" never deletes it. Pinning
a pinned generation changes its label. unpin removes the pin and its GC root.

Options:
  --label TEXT   why it is kept, e.g. "before the GPU driver change"
  --profile DIR  the profile (default: the one set in Flakedeck, else the system profile)
  --json         print the pin (pin) or {unpinned: true|false} (unpin) as JSON
  -h, --help     show this help
`

export async function pinCommand(argv: string[], io: CliIo, unpin = false): Promise<number> {
  const name = unpin ? 'unpin' : 'pin'
  const { values, positionals } = parseCommandArgs(name, argv, {
    label: { type: 'string' },
    profile: { type: 'string' },
    json: { type: 'boolean' },
    store: { type: 'string' },
  })
  if (values.help) {
    io.out(pinHelp)
    return 0
  }
  const usage = (message: string) =>
    new UsageError(`flakedeck ${name}: ${message}\nRun "flakedeck ${name} --help" for usage.`)
  const number = Number(positionals[0])
  if (positionals.length !== 1 || !Number.isInteger(number) || number < 0) {
    throw usage('give one generation number.')
  }
  let label = ''
  if (!unpin) {
    const parsed = pinLabelSchema.safeParse(values.label ?? '')
    if (!parsed.success) throw usage(parsed.error.issues[0]!.message)
    label = parsed.data
  }
  const backend = openGenerationsBackend(resolveDataDir(io.env), io.env, {
    store: values.store ?? null,
  })
  try {
    const profile =
      values.profile !== undefined ? resolve(values.profile) : settingsProfile(backend.db)
    if (unpin) {
      const unpinned = await backend.service.unpin(profile, number)
      io.out(
        values.json
          ? `${JSON.stringify({ unpinned })}\n`
          : unpinned
            ? `Generation ${number} is no longer pinned.\n`
            : `Generation ${number} was not pinned.\n`,
      )
    } else {
      const pin = await backend.service.pin(profile, number, label)
      io.out(
        values.json
          ? `${JSON.stringify(pin)}\n`
          : `Pinned generation ${number} of ${pin.profilePath}: "${pin.label}" (GC root ${pin.gcRoot}).\n`,
      )
    }
    return 0
  } finally {
    backend.close()
  }
}
