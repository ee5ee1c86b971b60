namespace TokenBroker.Api.Infrastructure.Store.Entities;

/// <summary>An end user an app has brokered tokens for.</summary>
public sealed class BrokeredEndpoint
{
    public required string AppId { get; set; }
    public required string EndpointId { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastTokenAt { get; set; }
}
