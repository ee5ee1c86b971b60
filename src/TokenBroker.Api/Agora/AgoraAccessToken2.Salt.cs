using TokenBroker.Api.Infrastructure.Secrets;

namespace TokenBroker.Api.Agora;

// The random salt of every AccessToken2 (and 006) token.
public static partial class AgoraAccessToken2
{
    /// <summary>Same range as the vendor's builders (1..99999999), so our tokens look like theirs.</summary>
    internal static uint NewSalt()
    {
        // Uniform by rejection: 27 random bits (0..134217727), retried when 99999999 or more.
        while (true)
        {
            var value = RandomBytes.NextUInt32() & 0x07FF_FFFF;
            if (value < 99_999_999)
            {
                return value + 1;
            }
        }
    }
}
