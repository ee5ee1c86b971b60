namespace TokenBroker.Api.Infrastructure.OpenApi;

/// <summary>Request and response examples shown in Swagger UI for one operation.</summary>
public sealed record ExamplesMetadata(object? Request, object? Response);

/// <summary>The credentials an operation accepts; any one of them is enough.</summary>
public sealed record CredentialsMetadata(IReadOnlyList<string> Schemes);

public static class OpenApiMetadataExtensions
{
    public static RouteHandlerBuilder WithExamples(this RouteHandlerBuilder builder, object? request = null, object? response = null) =>
        builder.WithMetadata(new ExamplesMetadata(request, response));

    public static TBuilder RequiresCredentials<TBuilder>(this TBuilder builder, params string[] schemes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new CredentialsMetadata(schemes));
}
