using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// Runs before the server accepts requests: applies migrations, stores the bootstrap admin key,
/// seeds Development data, and makes sure a signing key exists.
/// </summary>
public sealed partial class StoreInitializer(
    IServiceScopeFactory scopes,
    IOptions<TokenBrokerOptions> options,
    IOptions<SeedOptions> seed,
    SigningKeyRing keyRing,
    RevocationList revocations,
    SettingProtector protector,
    TimeProvider time,
    ILogger<StoreInitializer> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TokenBrokerDb>();
            await db.Database.MigrateAsync(cancellationToken);
            if (db.Database.IsSqlite())
            {
                // WAL lets readers proceed while one writer commits; the setting persists in the file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }

            await StoreBootstrapKeyAsync(db, cancellationToken);
            await SeedAsync(db, scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>(), cancellationToken);
        }

        await keyRing.EnsureScheduleAsync(cancellationToken);
        await revocations.RefreshAsync(cancellationToken);
    }

    private async Task StoreBootstrapKeyAsync(TokenBrokerDb db, CancellationToken cancellationToken)
    {
        if (options.Value.Bootstrap.AdminKey is not { } key)
        {
            return;
        }

        var hash = Secret.Hash(key);
        if (await db.AdminKeys.AnyAsync(k => k.KeyHash == hash, cancellationToken))
        {
            return;
        }

        db.AdminKeys.Add(new AdminKey { Id = Ids.New(time), KeyHash = hash, Label = "bootstrap", CreatedAt = time.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
        LogBootstrapKeyStored(logger);
    }

    private async Task SeedAsync(TokenBrokerDb db, IPasswordHasher<User> hasher, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var app in seed.Value.Apps.Where(a => a.AppId.Length > 0))
        {
            if (!await db.Apps.AnyAsync(a => a.Id == app.AppId, cancellationToken))
            {
                db.Apps.Add(new App
                {
                    Id = app.AppId, Name = app.Name, SecretHash = Secret.Hash(app.Secret), RedirectUris = app.RedirectUris,
                    DevelopmentMode = app.DevelopmentMode, PublicClient = app.PublicClient, MaxTtl = app.MaxTtl,
                    CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
                    AgoraAppId = app.AgoraAppId,
                    AgoraCertificateProtected = app.AgoraCertificate is { } certificate ? protector.Protect(SettingProtector.AgoraCertificatePurpose, certificate) : null,
                    TurnSecretProtected = app.TurnSecret is { } turnSecret ? protector.Protect(SettingProtector.TurnSecretPurpose, turnSecret) : null,
                    TurnUris = app.TurnUris,
                    Roles = app.Roles.Select(r => new Role
                    {
                        Id = r.RoleId, AppId = app.AppId, Name = r.Name, Permissions = r.Permissions, MaxTtl = r.MaxTtl,
                        CreatedAt = now, UpdatedAt = now, Version = Guid.NewGuid(),
                    }).ToList(),
                });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var user in seed.Value.Users.Where(u => u.UserId.Length > 0))
        {
            if (await db.Users.AnyAsync(u => u.Id == user.UserId, cancellationToken))
            {
                continue;
            }

            var entity = new User
            {
                Id = user.UserId, Email = user.Email, NormalizedEmail = Emails.Normalize(user.Email),
                PasswordHash = "", Type = user.Type, DisplayName = user.DisplayName, CreatedAt = now,
            };
            entity.PasswordHash = hasher.HashPassword(entity, user.Password);
            db.Users.Add(entity);
            db.Memberships.AddRange(user.Memberships.Select(m => new Membership
            {
                AppId = m.AppId, UserId = user.UserId, RoleId = m.RoleId, CreatedAt = now, UpdatedAt = now,
            }));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrap admin key stored")]
    private static partial void LogBootstrapKeyStored(ILogger logger);
}
