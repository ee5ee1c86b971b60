using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Compression;

namespace TokenBroker.Api.Agora;

public static partial class AgoraAccessToken2
{
    // Real tokens are a few hundred bytes; the caps stop oversized input and zlib bombs early.
    private const int MaxTokenLength = 8 * 1024;
    private const int MaxPayloadLength = 16 * 1024;
    private const int SignatureLength = 32;

    /// <summary>
    /// Reads a "007" token without checking its signature (use <see cref="Verify"/>). Returns false,
    /// never throws, for anything that is not a well-formed token: tokens are untrusted input.
    /// </summary>
    public static bool TryParse(string? token, [NotNullWhen(true)] out AgoraParsedToken2? parsed)
    {
        parsed = null;
        if (token is null || token.Length > MaxTokenLength || !token.StartsWith(Version, StringComparison.Ordinal))
        {
            return false;
        }

        var compressed = new byte[token.Length];
        if (!Convert.TryFromBase64String(token[Version.Length..], compressed, out var compressedLength)
            || TryInflate(compressed.AsSpan(0, compressedLength)) is not { } payload)
        {
            return false;
        }

        return TryUnpack(payload, out parsed);
    }

    private static bool TryUnpack(byte[] payload, [NotNullWhen(true)] out AgoraParsedToken2? parsed)
    {
        parsed = null;
        var reader = new AgoraReader(payload);
        if (!reader.TryReadBytes(out var signature) || signature.Length != SignatureLength)
        {
            return false;
        }

        // Everything after the signature is the signed info block; keep it verbatim for Verify.
        var infoOffset = sizeof(ushort) + SignatureLength;
        if (!reader.TryReadString(out var appId)
            || !reader.TryReadUInt32(out var issueTs)
            || !reader.TryReadUInt32(out var expire)
            || !reader.TryReadUInt32(out var salt)
            || !reader.TryReadUInt16(out var count))
        {
            return false;
        }

        var services = new List<AgoraService>(count);
        for (var i = 0; i < count; i++)
        {
            if (!AgoraService.TryUnpack(ref reader, out var service) || services.Exists(s => s.Type == service.Type))
            {
                return false;
            }

            services.Add(service);
        }

        // Trailing bytes would be signed but unread; refuse them rather than guess what they mean.
        if (!reader.IsAtEnd)
        {
            return false;
        }

        parsed = new AgoraParsedToken2(
            appId, issueTs, expire, salt, services, signature.ToArray(), payload.AsMemory(infoOffset));
        return true;
    }

    private static byte[]? TryInflate(ReadOnlySpan<byte> compressed)
    {
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
            var buffer = new byte[MaxPayloadLength + 1];
            var total = 0;
            int read;
            while ((read = zlib.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
                if (total > MaxPayloadLength)
                {
                    return null;
                }
            }

            // RFC 1950 §2.2: a zlib stream ends with the Adler-32 of its data. .NET does not notice when
            // that trailer is cut off, so check it here and refuse truncated tokens.
            var payload = buffer[..total];
            return compressed.Length >= 6
                && BinaryPrimitives.ReadUInt32BigEndian(compressed[^4..]) == AgoraChecksums.Adler32(payload)
                ? payload
                : null;
        }
        catch (InvalidDataException)
        {
            // Not zlib data (wrong header, bad block, bad checksum): an invalid token, not a fault.
            return null;
        }
    }
}
