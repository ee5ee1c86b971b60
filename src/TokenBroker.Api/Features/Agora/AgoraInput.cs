using System.Buffers;
using System.Globalization;
using TokenBroker.Api.Agora;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Store;

namespace TokenBroker.Api.Features.Agora;

/// <summary>Input rules for what ends up inside an Agora token.</summary>
public static class AgoraInput
{
    public const int MaxChannelNameLength = 64;
    public const int MaxUserAccountLength = 255;
    public const string Publisher = "publisher";
    public const string Subscriber = "subscriber";

    // Agora's documented channel-name alphabet; anything else is refused by its SDKs at join time,
    // so a token for it would be useless.
    private static readonly SearchValues<char> ChannelNameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&()+-:;<=.>?@[]^_{|}~,");

    public static void ChannelName(RequestValidator validator, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (value is null)
        {
            validator.Add(field, "is required.");
        }
        else if (value.Length is 0 or > MaxChannelNameLength || value.AsSpan().ContainsAnyExcept(ChannelNameCharacters))
        {
            validator.Add(field, $"must be 1 to {MaxChannelNameLength} characters of a-z A-Z 0-9 space !#$%&()+-:;<=.>?@[]^_{{|}}~,");
        }
    }

    /// <summary>RTC role names; anything else (case included) is not a role.</summary>
    public static RtcRole? Role(RequestValidator validator, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        switch (value)
        {
            case Publisher:
                return RtcRole.Publisher;
            case Subscriber:
                return RtcRole.Subscriber;
            case null:
                validator.Add(field, "is required.");
                return null;
            default:
                validator.Add(field, $"must be \"{Publisher}\" or \"{Subscriber}\".");
                return null;
        }
    }

    /// <summary>
    /// The uid of the community token server's query string: a decimal uint32, digits only; missing or
    /// empty means 0 ("any uid"), as that server treats it.
    /// </summary>
    public static uint? QueryUid(RequestValidator validator, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
        {
            return uid;
        }

        validator.Add(field, $"must be an integer from 0 to {uint.MaxValue}.");
        return null;
    }

    /// <summary>A JSON "expire": seconds, at least 1 (larger values are clamped, not refused).</summary>
    public static void Expire(RequestValidator validator, string field, long? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        if (value < 1)
        {
            validator.Add(field, "must be at least 1 second.");
        }
    }

    /// <summary>An RTC user account (a string uid): 1..255 characters, no control characters.</summary>
    public static void UserAccount(RequestValidator validator, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.Text(field, value, MaxUserAccountLength, required: false);
    }

    /// <summary>An RTM user id: an id under CONTRACT §1 (1..255 characters, no control characters).</summary>
    public static void UserId(RequestValidator validator, string field, string? value)
    {
        ArgumentNullException.ThrowIfNull(validator);
        validator.Text(field, value, Limits.Id, required: false);
    }
}
