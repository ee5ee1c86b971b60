using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TokenBroker.Api.Infrastructure.OpenApi;

public static class SwaggerSetup
{
    private const string Prefix = "/swagger";

    public static IServiceCollection AddBrokerSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "TokenBroker",
                Version = "v1",
                Description = "Short-lived, role-scoped credentials for real-time communication apps: management API, brokered tokens, SSO and RTC tokens.",
            });
            AddHeaderScheme(options, SecuritySchemes.AdminKey, "Operator key for the management API.");
            AddHeaderScheme(options, SecuritySchemes.AppSecret, "The app's secret, for a customer backend.");
            AddHeaderScheme(options, SecuritySchemes.AppToken, "A session token from POST /v1/session-tokens.");
            options.AddSecurityDefinition(SecuritySchemes.Bearer, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A session token or an SSO access token.",
            });
            options.OperationFilter<BrokerOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseBrokerSwagger(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Both live under /swagger, so only those requests pass through them: on every other
        // request each ran as an async step that matched the path (a route template; for GETs,
        // the UI's regular expressions), work that every token route paid for.
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments(Prefix),
            swagger =>
            {
                swagger.UseSwagger();
                swagger.UseSwaggerUI(options =>
                {
                    options.SwaggerEndpoint("/swagger/v1/swagger.json", "TokenBroker v1");
                    options.DocumentTitle = "TokenBroker API";
                });
            });
        return app;
    }

    private static void AddHeaderScheme(SwaggerGenOptions options, string header, string description) =>
        options.AddSecurityDefinition(header, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = header,
            Description = description,
        });

    /// <summary>Adds each operation's accepted credentials and its examples from endpoint metadata.</summary>
    private sealed class BrokerOperationFilter(IOptions<JsonOptions> json) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<CredentialsMetadata>().LastOrDefault() is { } credentials)
            {
                operation.Security ??= [];
                foreach (var scheme in credentials.Schemes)
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] });
                }
            }

            if (metadata.OfType<ExamplesMetadata>().LastOrDefault() is not { } examples)
            {
                return;
            }

            var options = json.Value.SerializerOptions;
            if (examples.Request is not null && operation.RequestBody?.Content is { } requestContent)
            {
                foreach (var media in requestContent.Values.OfType<OpenApiMediaType>())
                {
                    media.Example = JsonSerializer.SerializeToNode(examples.Request, examples.Request.GetType(), options);
                }
            }

            if (examples.Response is not null && operation.Responses is { } responses)
            {
                var success = responses.FirstOrDefault(r => r.Key.StartsWith('2')).Value;
                if (success?.Content is { } content)
                {
                    foreach (var media in content.Values.OfType<OpenApiMediaType>())
                    {
                        media.Example = JsonSerializer.SerializeToNode(examples.Response, examples.Response.GetType(), options);
                    }
                }
            }
        }
    }
}
