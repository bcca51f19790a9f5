// Types for route handlers served by edgeroute. Reference this file from a
// tsconfig ("types" or "include") or with
//   /// <reference path="path/to/edgeroute/js/types/route.d.ts" />
// to get the globals Next.js generates with `next typegen`.

type __EdgerouteSegmentParam<S extends string> =
  S extends `[[...${infer Name}]]`
    ? { [K in Name]?: string[] }
    : S extends `[...${infer Name}]`
      ? { [K in Name]: string[] }
      : S extends `[${infer Name}]`
        ? { [K in Name]: string }
        : {};

type __EdgerouteParams<Route extends string> =
  Route extends `/${infer Head}/${infer Tail}`
    ? __EdgerouteSegmentParam<Head> & __EdgerouteParams<`/${Tail}`>
    : Route extends `/${infer Last}`
      ? __EdgerouteSegmentParam<Last>
      : {};

type __EdgerouteFlatten<T> = { [K in keyof T]: T[K] };

declare global {
  /**
   * The second argument of a route handler, typed from the route literal:
   * `RouteContext<'/users/[id]'>` has `params: Promise<{ id: string }>`.
   * For a static route (no dynamic segment) `params` is `undefined`.
   */
  type RouteContext<Route extends string> =
    Route extends `${string}[${string}`
      ? { params: Promise<__EdgerouteFlatten<__EdgerouteParams<Route>>> }
      : { params: undefined };
}

export {};
