import { z } from 'zod'

export const User = z.object({
  name: z.string().min(1),
  email: z.string().email(),
  age: z.number().int().positive().optional(),
})

export type User = z.infer<typeof User>
