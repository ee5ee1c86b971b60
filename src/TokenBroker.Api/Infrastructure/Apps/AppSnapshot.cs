using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Apps;

/// <summary>A role as token issuance needs it; <see cref="MaxTtl"/> is the cap in force (role, app and global).</summary>
public sealed record RoleSnapshot(string Id, string Name, IReadOnlyList<string> Permissions, int MaxTtl);

/// <summary>An immutable copy of an app and its roles, shared by all requests until it is reloaded.</summary>
public sealed class AppSnapshot
{
    /// <summary>
    /// The role of brokered tokens for a development-mode app when the backend names none: every
    /// permission the broker gives meaning to, capped like any role by the app's maxTtl.
    /// </summary>
    public const string DevelopmentRoleId = "development";

    public static readonly IReadOnlyList<string> DevelopmentPermissions =
        ["turn", "rtc:join", "rtc:publish-audio", "rtc:publish-video", "rtc:publish-data", "rtm:login"];

    private readonly Dictionary<string, RoleSnapshot> _rolesById;
    private string? _turnSecret;
    private string? _agoraCertificate;
    private readonly Dictionary<string, RoleSnapshot> _rolesByName;

    public AppSnapshot(App app, int globalMaxTtl)
    {
        ArgumentNullException.ThrowIfNull(app);
        Id = app.Id;
        SecretHash = app.SecretHash;
        DevelopmentMode = app.DevelopmentMode;
        PublicClient = app.PublicClient;
        MaxTtl = Math.Min(app.MaxTtl, globalMaxTtl);
        RedirectUris = app.RedirectUris;
        TurnSecretProtected = app.TurnSecretProtected;
        TurnUris = app.TurnUris;
        AgoraAppId = app.AgoraAppId;
        AgoraCertificateProtected = app.AgoraCertificateProtected;
        var roles = app.Roles.Select(r => new RoleSnapshot(r.Id, r.Name, r.Permissions, Math.Min(r.MaxTtl ?? MaxTtl, MaxTtl))).ToList();
        _rolesById = roles.ToDictionary(r => r.Id, StringComparer.Ordinal);
        _rolesByName = roles.ToDictionary(r => r.Name, StringComparer.Ordinal);
        DevelopmentRole = new RoleSnapshot(DevelopmentRoleId, DevelopmentRoleId, DevelopmentPermissions, MaxTtl);
    }

    public string Id { get; }
    public byte[] SecretHash { get; }
    public bool DevelopmentMode { get; }
    public bool PublicClient { get; }

    /// <summary>The app's cap, already limited by the global cap.</summary>
    public int MaxTtl { get; }

    public IReadOnlyList<string> RedirectUris { get; }
    public string? TurnSecretProtected { get; }
    public IReadOnlyList<string> TurnUris { get; }
    public string? AgoraAppId { get; }
    public string? AgoraCertificateProtected { get; }
    public RoleSnapshot DevelopmentRole { get; }

    /// <summary>
    /// The decrypted TURN secret / Agora certificate, decrypted once per snapshot (so at most once per
    /// <c>Caching:AppLifetime</c>) instead of on every request.
    /// </summary>
    public string? TurnSecret(SettingProtector protector) =>
        TurnSecretProtected is null ? null : _turnSecret ??= Protect(protector).Unprotect(SettingProtector.TurnSecretPurpose, TurnSecretProtected);

    public string? AgoraCertificate(SettingProtector protector) =>
        AgoraCertificateProtected is null ? null : _agoraCertificate ??= Protect(protector).Unprotect(SettingProtector.AgoraCertificatePurpose, AgoraCertificateProtected);

    public RoleSnapshot? RoleById(string roleId) =>
        _rolesById.GetValueOrDefault(roleId) ?? (DevelopmentMode && roleId == DevelopmentRoleId ? DevelopmentRole : null);

    public RoleSnapshot? RoleByName(string name) => _rolesByName.GetValueOrDefault(name);

    private static SettingProtector Protect(SettingProtector protector) => protector ?? throw new ArgumentNullException(nameof(protector));
}
