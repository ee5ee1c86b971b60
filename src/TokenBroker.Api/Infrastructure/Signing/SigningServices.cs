namespace TokenBroker.Api.Infrastructure.Signing;

public static class SigningServices
{
    public static IServiceCollection AddBrokerSigning(this IServiceCollection services)
    {
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<TokenSigner>();
        services.AddSingleton<IssuerResolver>();
        services.AddHostedService<KeyRotationService>();
        services.AddSingleton<RevocationList>();
        services.AddHostedService<RevocationRefreshService>();
        return services;
    }
}
