// A host of a flake (`nixosConfigurations.<host>`), as every call that names one accepts it:
// checking it, predicting a change to it, rebuilding it.
import { z } from 'zod'

/** Host names become a flake attribute; quotes, backslashes and control characters never do. */
export const hostNameSchema = z
  .string()
  .min(1, 'A host is required.')
  .max(253)
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.'+-]*$/, 'The host name has characters a flake host cannot.')
