namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>Identifiers: UUIDv7 strings, so they sort by creation time and page by key.</summary>
public static class Ids
{
    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Guid.CreateVersion7(time.GetUtcNow()).ToString();
    }
}

public static class Emails
{
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToUpperInvariant();
    }
}
