exports.get = (key) => key
