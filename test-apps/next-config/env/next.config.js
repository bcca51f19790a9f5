module.exports = {
  env: { FROM_CONFIG: 'inlined', OTHER: 'also' },
  poweredByHeader: false,
  notAnOption: true,
}
