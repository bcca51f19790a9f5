// The async-function form of next.config: called with the phase and Next's
// default config; its rules come from a local module.
import { headerRules, redirectRules, rewriteRules } from './config/rules.mjs'

export default async function config(phase, { defaultConfig }) {
  return {
    basePath: '/docs',
    env: { FROM_CONFIG: `inlined-${defaultConfig.poweredByHeader ? 'default-powered' : 'x'}` },
    poweredByHeader: false,
    // Next only warns about a key it does not know.
    notARealNextOption: { answersUnaffected: true },
    typescript: { ignoreBuildErrors: true },
    async headers() {
      return headerRules
    },
    async redirects() {
      return redirectRules
    },
    async rewrites() {
      return rewriteRules
    },
  }
}
