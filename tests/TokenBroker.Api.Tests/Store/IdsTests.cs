using Microsoft.Extensions.Time.Testing;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Tests.Store;

public sealed class IdsTests
{
    [Fact]
    public void New_ManyInTheSameMillisecond_SortInCreationOrder()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddYears(1));

        var ids = Enumerable.Range(0, 5000).Select(_ => Ids.New(time)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_IsAVersion7Uuid_CarryingTheTime()
    {
        var now = DateTimeOffset.UtcNow.AddYears(2);
        var id = Guid.Parse(Ids.New(new FakeTimeProvider(now)));

        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        var milliseconds = Convert.ToInt64(id.ToString("N")[..12], 16);
        Assert.InRange(milliseconds, now.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds() + 2);
    }
}
