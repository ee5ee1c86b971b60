namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>A person who signs in through SSO: an agent or an admin.</summary>
public sealed class User
{
    public const string AgentType = "agent";
    public const string AdminType = "admin";

    public required string Id { get; set; }
    public required string Email { get; set; }

    /// <summary>Upper-invariant email, unique, so lookups and the duplicate check ignore case.</summary>
    public required string NormalizedEmail { get; set; }

    public required string PasswordHash { get; set; }
    public required string Type { get; set; }
    public string? DisplayName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
