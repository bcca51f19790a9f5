export const db = { name: 'aliased-db', find: (id: number) => ({ id, via: '@/lib/db' }) }
