#!/usr/bin/env node
// test-apps/cache-handler's services (the same contract: COUNTER_URL and
// REDIS_URL), for test-apps/cache-handlers.
import '../cache-handler/services.mjs'
