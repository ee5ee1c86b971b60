namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>A named permission set within one app.</summary>
public sealed class Role
{
    public required string Id { get; set; }
    public required string AppId { get; set; }
    public required string Name { get; set; }
    public List<string> Permissions { get; set; } = [];

    /// <summary>The role's own TTL cap in seconds; null means the app's cap applies.</summary>
    public int? MaxTtl { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }

    public App? App { get; set; }
}
