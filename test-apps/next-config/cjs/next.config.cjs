module.exports = { basePath: '/never' }
