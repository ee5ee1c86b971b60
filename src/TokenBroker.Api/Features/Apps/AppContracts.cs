using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Apps;

public sealed record TurnSettingsView(bool SecretSet, IReadOnlyList<string> Uris);

public sealed record AgoraSettingsView(string? AppId, bool AppCertificateSet);

/// <summary>An app as the management API shows it: never its secrets.</summary>
public sealed record AppResponse(
    string AppId,
    string Name,
    IReadOnlyList<string> RedirectUris,
    bool DevelopmentMode,
    int MaxTtl,
    bool PublicClient,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TurnSettingsView Turn,
    AgoraSettingsView Agora);

/// <summary>The create response: the only time <c>appSecret</c> is shown.</summary>
public sealed record CreatedAppResponse(
    string AppId,
    string AppSecret,
    string Name,
    IReadOnlyList<string> RedirectUris,
    bool DevelopmentMode,
    int MaxTtl,
    bool PublicClient,
    DateTimeOffset CreatedAt);

public sealed record AppSecretResponse(string AppSecret);

public static class AppMapping
{
    public static AppResponse ToResponse(this App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new(
            app.Id, app.Name, app.RedirectUris, app.DevelopmentMode, app.MaxTtl, app.PublicClient, app.CreatedAt, app.UpdatedAt,
            new TurnSettingsView(app.TurnSecretProtected is not null, app.TurnUris),
            new AgoraSettingsView(app.AgoraAppId, app.AgoraCertificateProtected is not null));
    }
}
