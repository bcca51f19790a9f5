// cacheComponents forbids a route's `revalidate`: `next build` fails.
export default { cacheComponents: true }
