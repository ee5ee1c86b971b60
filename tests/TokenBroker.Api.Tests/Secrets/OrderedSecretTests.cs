using System.Buffers.Text;
using TokenBroker.Api.Infrastructure.Secrets;

namespace TokenBroker.Api.Tests.Secrets;

/// <summary>Time-ordered credentials: the value handed out and the key its row is stored under.</summary>
public sealed class OrderedSecretTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void Create_ValueIsThePrefixAnd48RandomAndTimeBytes_AndItsKeyIsWhatALookupComputes()
    {
        var issued = OrderedSecret.Create("tbt_", Now);

        Assert.StartsWith("tbt_", issued.Value, StringComparison.Ordinal);
        Assert.Equal(48, Base64Url.DecodeFromChars(issued.Value.AsSpan(4)).Length);
        Assert.Equal(32, issued.StorageKey.Length);
        Assert.Equal(issued.StorageKey, OrderedSecret.StorageKey(issued.Value, "tbt_"));
    }

    [Fact]
    public void Create_KeysSortByCreationTime()
    {
        var times = new[] { Now, Now.AddMilliseconds(1), Now.AddSeconds(1), Now.AddDays(1), Now.AddYears(30) };

        var keys = times.Select(t => OrderedSecret.Create("tbr_", t).StorageKey).ToList();

        for (var i = 1; i < keys.Count; i++)
        {
            Assert.True(keys[i - 1].AsSpan().SequenceCompareTo(keys[i]) < 0, $"key {i - 1} sorts after key {i}");
        }
    }

    [Fact]
    public void Create_InTheSameMillisecond_GivesDifferentValuesAndKeys()
    {
        var issued = Enumerable.Range(0, 1000).Select(_ => OrderedSecret.Create("tbt_", Now)).ToList();

        Assert.Equal(1000, issued.Select(i => i.Value).Distinct().Count());
        Assert.Equal(1000, issued.Select(i => Convert.ToHexString(i.StorageKey)).Distinct().Count());
        Assert.Single(issued.Select(i => Convert.ToHexString(i.StorageKey, 0, 6)).Distinct());
    }

    [Fact]
    public void StorageKey_OfAValueWithAChangedSecretPart_KeepsTheOrderedPartButNotTheKey()
    {
        var issued = OrderedSecret.Create("tbt_", Now);
        var last = issued.Value[^1];
        var tampered = issued.Value[..^1] + (last == 'A' ? 'B' : 'A');

        var key = OrderedSecret.StorageKey(tampered, "tbt_");

        Assert.Equal(issued.StorageKey[..16], key[..16]);
        Assert.NotEqual(issued.StorageKey, key);
    }

    [Theory]
    [InlineData("tbt_")]
    [InlineData("")]
    [InlineData("tbt_not-a-real-token")]
    [InlineData("tbr_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("tbt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA*A")]
    [InlineData("tbt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void StorageKey_OfAnyOtherShape_IsTheWholeValuesHash(string presented)
    {
        Assert.Equal(Secret.Hash(presented), OrderedSecret.StorageKey(presented, "tbt_"));
    }

    [Fact]
    public void StorageKey_OfAValueIssuedBeforeKeysWereTimeOrdered_IsTheHashItWasStoredUnder()
    {
        var earlier = Secret.Create("tbt_");

        Assert.Equal(Secret.Hash(earlier), OrderedSecret.StorageKey(earlier, "tbt_"));
    }
}
