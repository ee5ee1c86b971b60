using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Signing;

namespace TokenBroker.Api.Features.Discovery;

/// <summary>RFC 8414 / OpenID Connect Discovery 1.0 metadata.</summary>
public sealed record DiscoveryDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("revocation_endpoint")] string RevocationEndpoint,
    [property: JsonPropertyName("introspection_endpoint")] string IntrospectionEndpoint,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("response_modes_supported")] IReadOnlyList<string> ResponseModesSupported,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("claims_supported")] IReadOnlyList<string> ClaimsSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported,
    [property: JsonPropertyName("revocation_endpoint_auth_methods_supported")] IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
    [property: JsonPropertyName("introspection_endpoint_auth_methods_supported")] IReadOnlyList<string> IntrospectionEndpointAuthMethodsSupported,
    [property: JsonPropertyName("code_challenge_methods_supported")] IReadOnlyList<string> CodeChallengeMethodsSupported,
    [property: JsonPropertyName("authorization_response_iss_parameter_supported")] bool AuthorizationResponseIssParameterSupported);

public static class DiscoveryEndpoints
{
    public const string JwksPath = "/.well-known/jwks.json";
    public const string OAuthMetadataPath = "/.well-known/oauth-authorization-server";
    public const string OpenIdMetadataPath = "/.well-known/openid-configuration";

    private static readonly string[] ClientAuthMethods = ["client_secret_basic", "client_secret_post"];

    public static IEndpointRouteBuilder MapDiscoveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/.well-known").WithTags("Discovery").AllowAnonymous();

        // Every verifier polls this route, and it needs nothing the middleware pipeline does (no
        // credentials, no body, no issuer from forwarded headers): routing answers it at once, the
        // way static files are served. With RequireHttps the pipeline's HTTPS redirection and HSTS
        // still apply, so then it takes the long way like every other route.
        var ring = endpoints.ServiceProvider.GetRequiredService<SigningKeyRing>();
        var requireHttps = endpoints.ServiceProvider.GetRequiredService<IOptions<TokenBrokerOptions>>().Value.RequireHttps;
        var jwks = group.MapGet("/jwks.json", (Func<HttpContext, Task>)(context => WriteJwksAsync(ring, context)))
            .WithName("GetJwks")
            .WithSummary("Public keys that verify every live token the broker signed (RFC 7517)")
            .Produces<JsonWebKeySetDocument>(StatusCodes.Status200OK, "application/json")
            .WithExamples(response: new JsonWebKeySetDocument([new PublicJwk("EC", "P-256", "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0", "kid-1", "ES256", "sig")]));
        if (!requireHttps)
        {
            jwks.ShortCircuit();
        }

        group.MapGet("/oauth-authorization-server", Metadata)
            .WithName("GetAuthorizationServerMetadata")
            .WithSummary("OAuth 2.0 authorization server metadata (RFC 8414)")
            .WithExamples(response: Build(Examples.Issuer));

        group.MapGet("/openid-configuration", Metadata)
            .WithName("GetOpenIdConfiguration")
            .WithSummary("OpenID Connect discovery document")
            .WithExamples(response: Build(Examples.Issuer));

        return endpoints;
    }

    /// <summary>
    /// Bytes serialized once per key change, written as they are: no result object, no request
    /// services, no logger (this route is hit by every verifier).
    /// </summary>
    public static Task WriteJwksAsync(SigningKeyRing ring, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(context);
        var body = ring.GetJwksUtf8();
        var response = context.Response;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        response.Headers.CacheControl = "public, max-age=300";
        var write = response.BodyWriter.WriteAsync(body, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }

    public static Ok<DiscoveryDocument> Metadata(IssuerResolver issuers, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(Build(issuers.GetIssuer(context)));
    }

    public static DiscoveryDocument Build(string issuer) => new(
        issuer,
        issuer + "/oauth2/authorize",
        issuer + "/oauth2/token",
        issuer + JwksPath,
        issuer + "/oauth2/revoke",
        issuer + "/oauth2/introspect",
        ["code"],
        ["query", "form_post"],
        ["authorization_code", "refresh_token"],
        ["public"],
        ["ES256"],
        ["openid", "email", "profile"],
        ["iss", "sub", "aud", "exp", "iat", "nbf", "auth_time", "nonce", "email", "name", "user_type", "role", "permissions", "client_id", "jti"],
        [.. ClientAuthMethods, "none"],
        ClientAuthMethods,
        ClientAuthMethods,
        ["S256"],
        true);
}
