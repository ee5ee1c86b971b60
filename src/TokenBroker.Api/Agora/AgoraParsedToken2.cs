namespace TokenBroker.Api.Agora;

/// <summary>
/// The contents of a "007" token as read by <see cref="AgoraAccessToken2.TryParse"/>.
/// Nothing here is trustworthy until <see cref="AgoraAccessToken2.Verify"/> returns true.
/// </summary>
public sealed class AgoraParsedToken2
{
    internal AgoraParsedToken2(
        string appId,
        uint issueTs,
        uint expireSeconds,
        uint salt,
        IReadOnlyList<AgoraService> services,
        ReadOnlyMemory<byte> signature,
        ReadOnlyMemory<byte> signedInfo)
    {
        AppId = appId;
        IssueTs = issueTs;
        ExpireSeconds = expireSeconds;
        Salt = salt;
        Services = services;
        Signature = signature;
        SignedInfo = signedInfo;
    }

    public string AppId { get; }

    /// <summary>Unix seconds at which the token was issued.</summary>
    public uint IssueTs { get; }

    /// <summary>Token lifetime in seconds, relative to <see cref="IssueTs"/>.</summary>
    public uint ExpireSeconds { get; }

    public uint Salt { get; }

    /// <summary>Services in the order they appear in the token (type ascending when well built).</summary>
    public IReadOnlyList<AgoraService> Services { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The exact info bytes the signature covers.</summary>
    internal ReadOnlyMemory<byte> SignedInfo { get; }

    public DateTimeOffset IssuedAt => DateTimeOffset.FromUnixTimeSeconds(IssueTs);

    public DateTimeOffset ExpiresAt => IssuedAt.AddSeconds(ExpireSeconds);

    /// <summary>The service of the given kind, or null when the token has none.</summary>
    public T? GetService<T>()
        where T : AgoraService => Services.OfType<T>().FirstOrDefault();
}
