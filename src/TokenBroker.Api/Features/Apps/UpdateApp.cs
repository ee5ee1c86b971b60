using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Features.Apps;

public sealed record TurnSettingsRequest(string? Secret, List<string?>? Uris);

public sealed record AgoraSettingsRequest(string? AppId, string? AppCertificate);

/// <summary>Fields left out (or null) keep their value.</summary>
public sealed record UpdateAppRequest(
    string? Name,
    List<string?>? RedirectUris,
    bool? DevelopmentMode,
    int? MaxTtl,
    bool? PublicClient,
    TurnSettingsRequest? Turn,
    AgoraSettingsRequest? Agora);

public static class UpdateApp
{
    private static readonly string[] TurnSchemes = ["turn:", "turns:", "stun:", "stuns:"];

    public static async Task<Results<Ok<AppResponse>, ValidationProblem, ProblemHttpResult>> Handle(
        string appId, UpdateAppRequest request, TokenBrokerDb db, SettingProtector protector, AppCache apps, TimeProvider time, CancellationToken cancellationToken)
    {
        var app = await db.Apps.FirstOrDefaultAsync(a => a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppProblems.NotFound(appId);
        }

        var validator = new RequestValidator();
        validator.Text("name", request.Name, Limits.Name, required: false);
        validator.Range("maxTtl", request.MaxTtl, Limits.MinTtl, Limits.MaxAppTtl);

        // The URIs must suit the app as it will be after the patch, whichever of the two changes.
        var publicClient = request.PublicClient ?? app.PublicClient;
        RedirectUriRules.Validate("redirectUris", (IReadOnlyList<string?>?)request.RedirectUris ?? app.RedirectUris, publicClient, validator);
        ValidateTurn(request.Turn, validator);
        ValidateAgora(request.Agora, validator);
        if (!validator.IsValid)
        {
            return Problems.Validation(validator.ToDictionary());
        }

        app.Name = request.Name ?? app.Name;
        app.RedirectUris = request.RedirectUris?.Select(u => u!).ToList() ?? app.RedirectUris;
        app.DevelopmentMode = request.DevelopmentMode ?? app.DevelopmentMode;
        app.MaxTtl = request.MaxTtl ?? app.MaxTtl;
        app.PublicClient = publicClient;
        ApplyTurn(app, request.Turn, protector);
        ApplyAgora(app, request.Agora, protector);
        app.UpdatedAt = time.GetUtcNow();
        app.Version = Guid.NewGuid();

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("The app was changed or deleted by another request; read it again and retry.");
        }

        apps.Invalidate(appId);
        return TypedResults.Ok(app.ToResponse());
    }

    private static void ValidateTurn(TurnSettingsRequest? turn, RequestValidator validator)
    {
        if (turn is null)
        {
            return;
        }

        validator.Text("turn.secret", turn.Secret, 512, required: false);
        if (turn.Uris is not { } uris)
        {
            return;
        }

        if (uris.Count > Limits.MaxUris)
        {
            validator.Add("turn.uris", $"must have at most {Limits.MaxUris} entries.");
        }

        for (var i = 0; i < uris.Count; i++)
        {
            var uri = uris[i];
            if (uri is null || uri.Length > Limits.Uri || RequestValidator.HasControlCharacters(uri) || uri.Any(char.IsWhiteSpace)
                || !TurnSchemes.Any(s => uri.StartsWith(s, StringComparison.OrdinalIgnoreCase) && uri.Length > s.Length))
            {
                validator.Add($"turn.uris[{i}]", "must be a turn:, turns:, stun: or stuns: URI (RFC 7064, RFC 7065).");
            }
        }
    }

    private static void ValidateAgora(AgoraSettingsRequest? agora, RequestValidator validator)
    {
        if (agora is null)
        {
            return;
        }

        if (!AgoraAccessToken2.IsValidHex32(agora.AppId))
        {
            validator.Add("agora.appId", "must be 32 hexadecimal characters.");
        }

        if (!AgoraAccessToken2.IsValidHex32(agora.AppCertificate))
        {
            validator.Add("agora.appCertificate", "must be 32 hexadecimal characters.");
        }
    }

    private static void ApplyTurn(App app, TurnSettingsRequest? turn, SettingProtector protector)
    {
        if (turn?.Secret is { } secret)
        {
            app.TurnSecretProtected = protector.Protect(SettingProtector.TurnSecretPurpose, secret);
        }

        if (turn?.Uris is { } uris)
        {
            app.TurnUris = uris.Select(u => u!).ToList();
        }
    }

    private static void ApplyAgora(App app, AgoraSettingsRequest? agora, SettingProtector protector)
    {
        if (agora is null)
        {
            return;
        }

        app.AgoraAppId = agora.AppId;
        app.AgoraCertificateProtected = protector.Protect(SettingProtector.AgoraCertificatePurpose, agora.AppCertificate!);
    }
}
