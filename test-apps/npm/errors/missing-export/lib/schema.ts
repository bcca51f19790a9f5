import { z, notAZodExport } from 'zod'

export const schema = { z: typeof z, missing: typeof notAZodExport }
