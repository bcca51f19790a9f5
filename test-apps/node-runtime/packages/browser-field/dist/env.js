exports.environment = () => 'node build'
