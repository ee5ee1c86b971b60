namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>
/// A one-time <c>tokenId</c> brokered by a customer backend for one of its end users. Only its
/// storage key is kept (<see cref="Secrets.OrderedSecret"/>: time-ordered, then a hash); it is activated at most once (<see cref="ActivatedAt"/> set by one conditional update).
/// </summary>
public sealed class BrokeredToken
{
    public required byte[] TokenIdHash { get; set; }
    public required string AppId { get; set; }
    public required string EndpointId { get; set; }

    /// <summary>The role's id, or <c>development</c> for the built-in development role.</summary>
    public required string RoleId { get; set; }

    public DateTimeOffset CreateTime { get; set; }
    public DateTimeOffset ExpiryTime { get; set; }
    public DateTimeOffset? ActivatedAt { get; set; }
}
