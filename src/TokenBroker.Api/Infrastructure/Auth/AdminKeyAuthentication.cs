using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Auth;

/// <summary>Authenticates operators by the <c>Admin-Key</c> header (CONTRACT §2).</summary>
public sealed class AdminKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TokenBrokerDb db) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminKey";
    public const string Header = "Admin-Key";
    public const string Policy = "Admin";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count != 1 || string.IsNullOrEmpty(values[0]) || values[0]!.Length > 512)
        {
            return AuthenticateResult.Fail("Malformed Admin-Key header.");
        }

        // The stored value is a SHA-256 of a 256-bit key: looking it up by hash reveals nothing
        // an attacker can use, and the final comparison is constant-time.
        var hash = Secret.Hash(values[0]!);
        var key = await db.AdminKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash)
            .Select(k => new { k.Id, k.KeyHash })
            .FirstOrDefaultAsync(Context.RequestAborted);
        if (key is null || !Secret.Matches(values[0], key.KeyHash))
        {
            return AuthenticateResult.Fail("Unknown admin key.");
        }

        var identity = new ClaimsIdentity([new Claim("admin_key_id", key.Id)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ErrorHandling.WriteProblemAsync(Context, StatusCodes.Status401Unauthorized, "A valid Admin-Key header is required.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorHandling.WriteProblemAsync(Context, StatusCodes.Status403Forbidden, "This admin key may not do that.");
}

public static class AdminKeyAuthenticationExtensions
{
    public static IServiceCollection AddAdminKeyAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminKeyAuthenticationHandler>(AdminKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminKeyAuthenticationHandler.Policy, policy => policy
                .AddAuthenticationSchemes(AdminKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }
}
