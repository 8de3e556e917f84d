// The schema of an error as data (errors.ts), for the contract's outputs that carry one (a nix
// problem, a refusal, missing closure sizes). Its own module so errors.ts needs no zod at run time.
import { z } from 'zod'
import { errorCodes } from './errors'

export const errorDataSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  /** What the user can do about it. */
  hint: z.string().optional(),
  /** Raw detail (a command's stderr, a stack) shown folded. */
  details: z.string().optional(),
})
