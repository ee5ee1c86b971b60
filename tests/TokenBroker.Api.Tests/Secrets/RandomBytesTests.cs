using TokenBroker.Api.Infrastructure.Secrets;

namespace TokenBroker.Api.Tests.Secrets;

/// <summary>Random bytes served from a per-thread block: never repeated, across blocks and threads, and evenly spread.</summary>
public sealed class RandomBytesTests
{
    [Fact]
    public void NewId_Is128BitsAs32LowercaseHexDigits_AndNeverRepeats()
    {
        // 20,000 ids cross the 512-byte block dozens of times.
        var ids = Enumerable.Range(0, 20_000).Select(_ => RandomBytes.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task Fill_OnManyThreadsAtOnce_HandsOutNoValueTwice()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 5_000).Select(_ => RandomBytes.NewId()).ToList())));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(600)]
    public void Fill_OfAnyLength_GivesEvenlySpreadBytes(int length)
    {
        // 1 MiB in pieces of `length` (the largest go straight to the system generator): every byte
        // value is expected 4,096 times, with a standard deviation of about 64. A repeated or zeroed
        // stretch of the block would push some counts far outside ±15 %.
        var counts = new int[256];
        var piece = new byte[length];
        for (var total = 0; total < 1 << 20; total += length)
        {
            RandomBytes.Fill(piece);
            foreach (var b in piece)
            {
                counts[b]++;
            }
        }

        var expected = (double)((1 << 20) / length * length) / 256;
        Assert.All(counts, count => Assert.InRange(count, expected * 0.85, expected * 1.15));
    }

    [Fact]
    public void NextUInt32_UsesAll32Bits()
    {
        var values = Enumerable.Range(0, 4_000).Select(_ => RandomBytes.NextUInt32()).ToList();

        Assert.Equal(uint.MaxValue, values.Aggregate(0u, (bits, v) => bits | v));
        Assert.Equal(0u, values.Aggregate(uint.MaxValue, (bits, v) => bits & v));
        Assert.True(values.Distinct().Count() > 3_990, "4,000 random 32-bit values should almost never collide");
    }
}
