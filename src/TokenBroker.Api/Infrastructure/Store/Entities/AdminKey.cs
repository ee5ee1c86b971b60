namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>An operator credential for the management API, stored as a SHA-256 hash.</summary>
public sealed class AdminKey
{
    public required string Id { get; set; }
    public required byte[] KeyHash { get; set; }
    public required string Label { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
