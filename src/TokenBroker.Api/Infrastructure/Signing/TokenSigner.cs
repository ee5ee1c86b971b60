using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TokenBroker.Api.Infrastructure.Signing;

/// <summary>The one place every feature signs a JWT.</summary>
public sealed class TokenSigner(SigningKeyRing ring)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Signs the descriptor with the active key; times must be set by the caller.</summary>
    public async ValueTask<string> SignAsync(SecurityTokenDescriptor descriptor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Create(descriptor, await GetCredentialsAsync(cancellationToken));
    }

    /// <summary>
    /// The active key's credentials (its private key loaded), for a caller that must know it can
    /// sign before it stores what the token stands for; it then signs with <see cref="Create"/>.
    /// </summary>
    public async ValueTask<SigningCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) =>
        (await ring.GetSigningKeyAsync(cancellationToken)).Credentials;

    /// <summary>The signature itself, apart from key selection (measured by the micro-benchmarks).</summary>
    public static string Create(SecurityTokenDescriptor descriptor, SigningCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.IssuedAt is null || descriptor.Expires is null)
        {
            throw new ArgumentException("IssuedAt and Expires come from TimeProvider and must be set.", nameof(descriptor));
        }

        descriptor.SigningCredentials = credentials;
        return Handler.CreateToken(descriptor);
    }
}
