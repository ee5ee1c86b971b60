using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace TokenBroker.Api.Agora;

/// <summary>
/// Bounds-checked reader over untrusted bytes: every read reports failure instead of throwing,
/// so a parser built on it cannot be crashed by garbage input.
/// </summary>
internal ref struct AgoraReader
{
    private ReadOnlySpan<byte> _remaining;

    public AgoraReader(ReadOnlySpan<byte> data) => _remaining = data;

    public readonly bool IsAtEnd => _remaining.IsEmpty;

    public bool TryReadUInt16(out ushort value)
    {
        if (!BinaryPrimitives.TryReadUInt16LittleEndian(_remaining, out value))
        {
            return false;
        }

        _remaining = _remaining[sizeof(ushort)..];
        return true;
    }

    public bool TryReadInt16(out short value)
    {
        if (!BinaryPrimitives.TryReadInt16LittleEndian(_remaining, out value))
        {
            return false;
        }

        _remaining = _remaining[sizeof(short)..];
        return true;
    }

    public bool TryReadUInt32(out uint value)
    {
        if (!BinaryPrimitives.TryReadUInt32LittleEndian(_remaining, out value))
        {
            return false;
        }

        _remaining = _remaining[sizeof(uint)..];
        return true;
    }

    public bool TryReadBytes(out ReadOnlySpan<byte> bytes)
    {
        bytes = default;
        if (!TryReadUInt16(out var length) || length > _remaining.Length)
        {
            return false;
        }

        bytes = _remaining[..length];
        _remaining = _remaining[length..];
        return true;
    }

    public bool TryReadString(out string value)
    {
        value = string.Empty;
        // Reject invalid UTF-8 rather than decode it lossily into a different identity.
        if (!TryReadBytes(out var bytes) || !Utf8.IsValid(bytes))
        {
            return false;
        }

        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    public bool TryReadPrivileges(out SortedDictionary<ushort, uint> privileges)
    {
        privileges = [];
        if (!TryReadUInt16(out var count))
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            // A repeated key has no single meaning, so the whole token is refused.
            if (!TryReadUInt16(out var key) || !TryReadUInt32(out var value) || !privileges.TryAdd(key, value))
            {
                return false;
            }
        }

        return true;
    }
}
