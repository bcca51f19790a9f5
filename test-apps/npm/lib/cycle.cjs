const legacy = require('./legacy.cjs')
exports.sawEarly = legacy.early
