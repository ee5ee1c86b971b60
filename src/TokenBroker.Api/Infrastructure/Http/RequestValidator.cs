using System.Text.RegularExpressions;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Infrastructure.Http;

/// <summary>Collects field errors for one request (CONTRACT §1 input limits).</summary>
public sealed partial class RequestValidator
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>A required text field of bounded length with no control characters.</summary>
    public void Text(string field, string? value, int maxLength, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, "is required.");
            }

            return;
        }

        if (value.Length == 0 || value.Length > maxLength)
        {
            Add(field, $"must be 1 to {maxLength} characters.");
        }
        else if (HasControlCharacters(value))
        {
            Add(field, "must not contain control characters.");
        }
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            Add(field, $"must be between {min} and {max}.");
        }
    }

    public void Email(string field, string? value)
    {
        Text(field, value, Limits.Email);
        if (value is not null && value.Length <= Limits.Email && !EmailPattern().IsMatch(value))
        {
            Add(field, "must look like local@domain.");
        }
    }

    public void Permissions(string field, IReadOnlyList<string?>? permissions)
    {
        if (permissions is null)
        {
            Add(field, "is required.");
            return;
        }

        if (permissions.Count > Limits.MaxPermissions)
        {
            Add(field, $"must have at most {Limits.MaxPermissions} entries.");
        }

        foreach (var permission in permissions)
        {
            if (permission is null || !PermissionPattern().IsMatch(permission))
            {
                Add(field, "each permission must match ^[a-z][a-z0-9:._-]{0,63}$.");
                return;
            }
        }
    }

    public IDictionary<string, string[]> ToDictionary() =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public static bool HasControlCharacters(string value) => value.Any(char.IsControl);

    [GeneratedRegex(@"\A[^@\s]+@[^@\s]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    // \z, not $: in .NET "$" also matches before a final newline.
    [GeneratedRegex(@"\A[a-z][a-z0-9:._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PermissionPattern();
}
