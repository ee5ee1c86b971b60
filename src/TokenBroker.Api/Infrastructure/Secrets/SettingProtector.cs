using Microsoft.AspNetCore.DataProtection;

namespace TokenBroker.Api.Infrastructure.Secrets;

/// <summary>
/// Encrypts write-only settings (TURN secret, Agora certificate, signing keys) at rest with
/// Data Protection, whose key ring lives in the store so every instance can read them.
/// </summary>
public sealed class SettingProtector(IDataProtectionProvider provider)
{
    public const string TurnSecretPurpose = "TokenBroker.Apps.TurnSecret.v1";
    public const string AgoraCertificatePurpose = "TokenBroker.Apps.AgoraCertificate.v1";
    public const string SigningKeyPurpose = "TokenBroker.Signing.PrivateKey.v1";

    public string Protect(string purpose, string value) => provider.CreateProtector(purpose).Protect(value);

    public string Unprotect(string purpose, string value) => provider.CreateProtector(purpose).Unprotect(value);

    public byte[] Protect(string purpose, byte[] value) => provider.CreateProtector(purpose).Protect(value);

    public byte[] Unprotect(string purpose, byte[] value) => provider.CreateProtector(purpose).Unprotect(value);
}
