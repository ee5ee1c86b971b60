namespace TokenBroker.Api.Infrastructure.OpenApi;

/// <summary>Names of the security schemes in the OpenAPI document (Swagger UI's Authorize dialog).</summary>
public static class SecuritySchemes
{
    public const string AdminKey = "Admin-Key";
    public const string AppSecret = "App-Secret";
    public const string AppToken = "App-Token";
    public const string Bearer = "Bearer";
}
