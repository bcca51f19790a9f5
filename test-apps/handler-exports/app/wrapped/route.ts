// A handler made by a higher-order function (auth or logging wrappers).
function withHeader(handler: (request: Request) => Response) {
  return (request: Request) => {
    const response = handler(request)
    response.headers.set('x-wrapped', '1')
    return response
  }
}

export const GET = withHeader(() => Response.json({ wrapped: true }))
