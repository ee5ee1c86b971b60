using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

/// <summary>Stores a short list of strings as one JSON text column, the same on every provider.</summary>
internal sealed class StringListConverter() : ValueConverter<List<string>, string>(
    list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
    json => JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default) ?? new List<string>())
{
    public static readonly ValueComparer<List<string>> Comparer = new(
        (a, b) => a!.SequenceEqual(b!),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        list => list.ToList());
}
