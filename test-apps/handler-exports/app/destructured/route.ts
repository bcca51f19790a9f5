// The Auth.js shape: handlers built elsewhere, destructured into exports.
const handlers = {
  GET: () => Response.json({ from: 'GET' }),
  POST: () => Response.json({ from: 'POST' }),
}

export const { GET, POST } = handlers
