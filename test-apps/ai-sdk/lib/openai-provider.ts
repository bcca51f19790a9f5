// What `import { openai } from '@ai-sdk/openai'` gives the route (see
// tsconfig.json "paths"): the package's own provider, created with the
// base URL from OPENAI_BASE_URL, so the unchanged reference handler talks
// to a local OpenAI-compatible server. @ai-sdk/openai 0.0.30 reads
// OPENAI_API_KEY from process.env itself but has no base-URL variable.
import { createOpenAI } from '../node_modules/@ai-sdk/openai/dist/index.mjs'

export const openai = createOpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  compatibility: 'strict',
})
