const { environment } = require('./env.js')
const cache = require('./cache.js')
exports.describe = () => ({ environment: environment(), cache: typeof cache.get === 'function' ? 'file cache' : 'none' })
