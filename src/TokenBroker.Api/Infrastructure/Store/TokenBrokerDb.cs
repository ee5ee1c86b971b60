using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>
/// The one store of the broker. Queries stay provider-neutral LINQ; the few hot-path statements
/// that bypass EF Core are in <see cref="PreparedStatements"/> and its subclasses.
/// </summary>
public sealed class TokenBrokerDb(DbContextOptions<TokenBrokerDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<App> Apps => Set<App>();
    public DbSet<Role> Roles => Set<Role>();
    public DbSet<User> Users => Set<User>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<AdminKey> AdminKeys => Set<AdminKey>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<BrokeredEndpoint> Endpoints => Set<BrokeredEndpoint>();
    public DbSet<BrokeredToken> BrokeredTokens => Set<BrokeredToken>();
    public DbSet<RevokedToken> RevokedTokens => Set<RevokedToken>();
    public DbSet<AuthorizationCode> AuthorizationCodes => Set<AuthorizationCode>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<RefreshFamily> RefreshFamilies => Set<RefreshFamily>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TokenBrokerDb).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no native timestamp type; storing UTC ticks keeps comparisons and ordering
        // correct in SQL. Every time the broker writes is UTC (from TimeProvider).
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
