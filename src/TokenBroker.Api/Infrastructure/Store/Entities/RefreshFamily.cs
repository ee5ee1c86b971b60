namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>
/// The refresh tokens issued from one authorization code, one after another (RFC 9700 §4.14.2).
/// Revoking the family is one update of this row: no token of a revoked family can be redeemed,
/// and no access token issued with one is accepted (its <c>sid</c> claim names the family).
/// </summary>
public sealed class RefreshFamily
{
    public required string Id { get; set; }
    public required string AppId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
