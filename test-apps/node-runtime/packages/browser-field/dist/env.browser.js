exports.environment = () => 'browser build'
