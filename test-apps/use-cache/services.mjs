#!/usr/bin/env node
// The counting upstream of test-apps/cache-data (the same contract and
// endpoints), for test-apps/use-cache's cached functions.
import '../cache-data/services.mjs'
