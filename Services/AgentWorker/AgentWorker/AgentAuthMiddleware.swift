import Hummingbird

/// Lets a request through only with `Authorization: Bearer <AGENT_API_TOKEN>`; answers 401 otherwise.
struct AgentAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: AgentAPIToken

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard token.authorizes(request.headers[.authorization]) else { throw AgentAPIError.unauthorized }
        return try await next(request, context)
    }
}
