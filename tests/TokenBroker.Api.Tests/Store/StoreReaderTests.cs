using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store;
using TokenBroker.Api.Infrastructure.Store.Entities;
using TokenBroker.Api.Tests.Support;

namespace TokenBroker.Api.Tests.Store;

/// <summary>The prepared reads (the readers' and the one inside the refresh grant's write) see exactly what EF Core stored.</summary>
public sealed class StoreReaderTests : IDisposable
{
    private readonly BrokerFactory _broker = new();

    public StoreReaderTests() => _ = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    private StoreReaders Readers => _broker.Services.GetRequiredService<StoreReaders>();

    private GroupCommit Writes => _broker.Services.GetRequiredService<GroupCommit>();

    [Fact]
    public async Task FindRefreshToken_ReadsEveryColumnEfCoreWrote_AndItsFamilysRevocation()
    {
        var app = await TestApps.CreateAsync(_broker);
        var user = await AddUserAsync(app.AppId, app.RoleId, displayName: null);
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567);
        var stored = new RefreshToken
        {
            TokenHash = Secret.Hash("tbr_reader"),
            FamilyId = "family-1",
            AppId = app.AppId,
            UserId = user.Id,
            Scope = "openid email",
            AuthTime = at,
            CreatedAt = at.AddSeconds(1),
            ExpiresAt = at.AddDays(30),
            ConsumedAt = at.AddSeconds(2),
            AccessTokenJti = "jti-1",
            AccessTokenExpiresAt = at.AddHours(1),
        };
        await StoreWithItsFamilyAsync(stored);

        var read = Readers.Read(r => r.FindRefreshToken(stored.TokenHash));

        var viaEf = await _broker.WithStoreAsync(db => db.RefreshTokens.AsNoTracking().SingleAsync());
        Assert.NotNull(read);
        Assert.Equivalent(viaEf, read, strict: true);
        Assert.Null(read.RevokedAt);
        Assert.Equal(at.AddSeconds(2).ToUnixTimeMilliseconds(), read.ConsumedAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(Readers.Read(r => r.FindRefreshToken(Secret.Hash("tbr_unknown"))));

        // Revocation is the family's: one update, and every token of the family reads as revoked.
        var revokedAt = at.AddMinutes(5);
        await _broker.WithStoreAsync(db => db.RefreshFamilies.Where(f => f.Id == "family-1").ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, revokedAt)));
        Assert.Equal(revokedAt.ToUnixTimeMilliseconds(), Readers.Read(r => r.FindRefreshToken(stored.TokenHash))!.RevokedAt!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task FindMember_ReturnsTheRoleAndUser_OnlyForTheirApp()
    {
        var app = await TestApps.CreateAsync(_broker);
        var other = await TestApps.CreateAsync(_broker);
        var user = await AddUserAsync(app.AppId, app.RoleId, displayName: "Ada");

        var member = Readers.Read(r => r.FindMember(app.AppId, user.Id));

        Assert.Equal(new MemberOf(app.RoleId, new GrantUser(user.Id, user.Email, User.AgentType, "Ada")), member);
        Assert.Null(Readers.Read(r => r.FindMember(other.AppId, user.Id)));
    }

    [Fact]
    public async Task FindRefreshGrant_ReadsTheTokenAndItsUsersMembershipOfTheRedeemingApp()
    {
        var app = await TestApps.CreateAsync(_broker);
        var other = await TestApps.CreateAsync(_broker);
        var user = await AddUserAsync(app.AppId, app.RoleId, displayName: null);
        var now = _broker.Time.GetUtcNow();
        var stored = new RefreshToken
        {
            TokenHash = Secret.Hash("tbr_grant"),
            FamilyId = "family-2",
            AppId = app.AppId,
            UserId = user.Id,
            Scope = "openid",
            AuthTime = now,
            CreatedAt = now,
            ExpiresAt = now.AddDays(1),
            AccessTokenJti = "jti-2",
            AccessTokenExpiresAt = now.AddHours(1),
        };
        await StoreWithItsFamilyAsync(stored);

        var grant = await Writes.RunAsync(w => w.FindRefreshGrant(stored.TokenHash, app.AppId));
        var foreign = await Writes.RunAsync(w => w.FindRefreshGrant(stored.TokenHash, other.AppId));

        Assert.NotNull(grant);
        Assert.Equivalent(Readers.Read(r => r.FindRefreshToken(stored.TokenHash)), grant.Value.Token, strict: true);
        Assert.Equal(Readers.Read(r => r.FindMember(app.AppId, user.Id)), grant.Value.Member);
        Assert.NotNull(grant.Value.Member);
        Assert.NotNull(foreign);
        Assert.Null(foreign.Value.Member);
        Assert.Null(await Writes.RunAsync(w => w.FindRefreshGrant(Secret.Hash("tbr_unknown"), app.AppId)));
    }

    /// <summary>Stores the token and the row of its family (as a redeemed code starts one).</summary>
    private Task<int> StoreWithItsFamilyAsync(RefreshToken token) =>
        _broker.WithStoreAsync(db =>
        {
            db.RefreshFamilies.Add(new RefreshFamily { Id = token.FamilyId, AppId = token.AppId, UserId = token.UserId, CreatedAt = token.CreatedAt });
            db.RefreshTokens.Add(token);
            return db.SaveChangesAsync();
        });

    private async Task<User> AddUserAsync(string appId, string roleId, string? displayName)
    {
        var user = new User
        {
            Id = Guid.NewGuid().ToString(),
            Email = $"{Guid.NewGuid():N}@example.com",
            NormalizedEmail = "X",
            PasswordHash = "not-a-hash",
            Type = User.AgentType,
            DisplayName = displayName,
        };
        user.NormalizedEmail = user.Email.ToUpperInvariant();
        await _broker.WithStoreAsync(db =>
        {
            db.Users.Add(user);
            db.Memberships.Add(new Membership { AppId = appId, UserId = user.Id, RoleId = roleId });
            return db.SaveChangesAsync();
        });
        return user;
    }
}
