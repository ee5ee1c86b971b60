using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Secrets;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>How to reach the store outside EF Core (the group commit's own connection).</summary>
public sealed record StoreConnection(string ConnectionString, string Synchronous);

public static class StoreServices
{
    public const string ConnectionStringName = "TokenBroker";
    public const string DefaultConnectionString = "Data Source=tokenbroker.db";

    public static IServiceCollection AddBrokerStore(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName) ?? DefaultConnectionString;
        var synchronous = configuration["TokenBroker:Database:SqliteSynchronous"] ?? DatabaseOptions.DefaultSqliteSynchronous;
        var tuning = new SqliteTuning(synchronous);
        services.AddDbContextPool<TokenBrokerDb>(options => options.UseSqlite(connectionString).AddInterceptors(tuning));
        services.AddSingleton(new StoreConnection(connectionString, synchronous));
        services.AddSingleton<StoreReaders>();
        services.AddSingleton<GroupCommit>();
        services.AddHostedService(provider => provider.GetRequiredService<GroupCommit>());
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<StorePurger>();
        services.AddHostedService(provider => provider.GetRequiredService<StorePurger>());
        services.AddOptions<SeedOptions>().BindConfiguration(SeedOptions.Section);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();

        // The key ring lives in the store so every instance sharing it can read protected settings.
        services.AddDataProtection()
            .SetApplicationName("TokenBroker")
            .PersistKeysToDbContext<TokenBrokerDb>();
        services.AddSingleton<SettingProtector>();
        services.AddHostedService<StoreInitializer>();
        return services;
    }
}
