// What does a static route receive as its second argument?
export async function GET(request: Request, context: any) {
  const params = context?.params
  return Response.json({
    typeofContext: typeof context,
    contextKeys: context && typeof context === 'object' ? Object.keys(context) : null,
    typeofParams: typeof params,
    paramsIsUndefined: params === undefined,
    paramsIsPromise: params instanceof Promise,
    awaitedParams: (await params) ?? null,
  })
}
