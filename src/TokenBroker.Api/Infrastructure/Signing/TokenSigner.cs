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
        if (descriptor.IssuedAt is null || descriptor.Expires is null)
        {
            throw new ArgumentException("IssuedAt and Expires come from TimeProvider and must be set.", nameof(descriptor));
        }

        var key = await ring.GetSigningKeyAsync(cancellationToken);
        descriptor.SigningCredentials = key.Credentials;
        return Handler.CreateToken(descriptor);
    }
}
