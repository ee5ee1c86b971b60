using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Sso;

/// <summary>RFC 7662 §2.2 introspection response; inactive tokens answer <c>{"active": false}</c> only.</summary>
public sealed record IntrospectionResponse(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("token_type"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null,
    [property: JsonPropertyName("client_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ClientId = null,
    [property: JsonPropertyName("sub"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject = null,
    [property: JsonPropertyName("scope"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope = null,
    [property: JsonPropertyName("exp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Expires = null,
    [property: JsonPropertyName("iat"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? IssuedAt = null,
    [property: JsonPropertyName("iss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Issuer = null,
    [property: JsonPropertyName("aud"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Audience = null,
    [property: JsonPropertyName("jti"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jti = null);

/// <summary>Token revocation (RFC 7009) and introspection (RFC 7662), for authenticated clients, about their own tokens.</summary>
public static class RevocationEndpoints
{
    public static async Task<IResult> RevokeAsync(HttpContext context, TokenBrokerDb db, StoreReaders readers, RevocationList revocations, TimeProvider time, CancellationToken cancellationToken)
    {
        var (client, token, error) = await ReadAsync(context, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        // RFC 7009 §2.2: an unknown or foreign token is not an error; the answer is 200 either way.
        if (RefreshTokens.Find(readers, token!) is { } refresh)
        {
            if (refresh.AppId == client!.Id)
            {
                await RefreshTokens.RevokeFamilyAsync(db, revocations, time, refresh.FamilyId, cancellationToken);
            }
        }
        else if (await ValidateJwtAsync(context, token!) is { } jwt && jwt.GetPayloadValue<string>("aud") == client!.Id)
        {
            await revocations.RevokeAsync(jwt.Id, client.Id, DateTimeOffset.FromUnixTimeSeconds(jwt.GetPayloadValue<long>("exp")), cancellationToken);
        }

        return TypedResults.Ok();
    }

    public static async Task<IResult> IntrospectAsync(HttpContext context, StoreReaders readers, RevocationList revocations, TimeProvider time, CancellationToken cancellationToken)
    {
        var (client, token, error) = await ReadAsync(context, cancellationToken, allowPublic: false);
        if (error is not null)
        {
            return error;
        }

        var inactive = new IntrospectionResponse(false);
        var now = time.GetUtcNow();
        if (RefreshTokens.Find(readers, token!) is { } refresh)
        {
            return TypedResults.Ok(RefreshTokens.IsRedeemable(refresh, client!.Id, now)
                ? new IntrospectionResponse(true, "refresh_token", refresh.AppId, refresh.UserId, refresh.Scope, refresh.ExpiresAt.ToUnixTimeSeconds(), refresh.CreatedAt.ToUnixTimeSeconds())
                : inactive);
        }

        if (await ValidateJwtAsync(context, token!) is not { } jwt || jwt.GetPayloadValue<string>("aud") != client!.Id || revocations.IsRevoked(jwt.Id, jwt.TryGetPayloadValue<string>("sid", out var sid) ? sid : null))
        {
            return TypedResults.Ok(inactive);
        }

        jwt.TryGetPayloadValue<string>("scope", out var scope);
        return TypedResults.Ok(new IntrospectionResponse(
            true, "Bearer", client.Id, jwt.Subject, scope, jwt.GetPayloadValue<long>("exp"), jwt.GetPayloadValue<long>("iat"), jwt.Issuer, client.Id, jwt.Id));
    }

    /// <summary>RFC 7662 §2.1: introspection needs a real client credential (no token scanning by client_id).</summary>
    private static async Task<(AppSnapshot? Client, string? Token, IResult? Error)> ReadAsync(HttpContext context, CancellationToken cancellationToken, bool allowPublic = true)
    {
        OAuthError.NoStore(context.Response);
        if (await OAuthForms.ReadAsync(context, cancellationToken) is not { } form)
        {
            return (null, null, OAuthForms.UnsupportedMediaType(context));
        }

        if (OAuthForms.RepeatedParameter(form) is { } repeated)
        {
            return (null, null, repeated.ToResult(context));
        }

        if (ClientAuthentication.TryRead(context.Request, form, out var credentials) is { } malformed)
        {
            return (null, null, malformed.ToResult(context));
        }

        var client = await ClientAuthentication.AuthenticateAsync(context, credentials, cancellationToken, allowPublic);
        if (client.App is null)
        {
            return (null, null, client.Error!.ToResult(context));
        }

        var token = form["token"].ToString();
        return token.Length is 0 or > 4096
            ? (null, null, OAuthError.Request("token is required.").ToResult(context))
            : (client.App, token, null);
    }

    /// <summary>Verifies a JWT exactly as the broker's own routes do (signature, issuer, lifetime).</summary>
    private static async Task<JsonWebToken?> ValidateJwtAsync(HttpContext context, string token)
    {
        var parameters = context.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>()
            .Get(BrokerTokenAuthentication.Scheme).TokenValidationParameters;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        return result.IsValid ? result.SecurityToken as JsonWebToken : null;
    }
}
