using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace TokenBroker.Api.Agora;

/// <summary>
/// Agora's wire packing: little-endian integers, u16-length-prefixed byte strings and
/// u16-counted privilege maps. Shared by the 006 and 007 token formats.
/// </summary>
internal sealed class AgoraPacker
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public AgoraPacker WriteUInt16(ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(sizeof(ushort)), value);
        _buffer.Advance(sizeof(ushort));
        return this;
    }

    public AgoraPacker WriteInt16(short value)
    {
        BinaryPrimitives.WriteInt16LittleEndian(_buffer.GetSpan(sizeof(short)), value);
        _buffer.Advance(sizeof(short));
        return this;
    }

    public AgoraPacker WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(sizeof(uint)), value);
        _buffer.Advance(sizeof(uint));
        return this;
    }

    public AgoraPacker WriteRaw(ReadOnlySpan<byte> bytes)
    {
        _buffer.Write(bytes);
        return this;
    }

    public AgoraPacker WriteBytes(ReadOnlySpan<byte> bytes)
    {
        EnsureFieldLength(bytes.Length, nameof(bytes));
        return WriteUInt16((ushort)bytes.Length).WriteRaw(bytes);
    }

    /// <summary>A UTF-8 string as <see cref="WriteBytes"/> would write its bytes, encoded in place.</summary>
    public AgoraPacker WriteString(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        EnsureFieldLength(length, "bytes");
        WriteUInt16((ushort)length);
        _buffer.Advance(Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length)));
        return this;
    }

    public AgoraPacker WritePrivileges(IReadOnlyDictionary<ushort, uint> privileges)
    {
        WriteUInt16(checked((ushort)privileges.Count));
        // Keys ascending: the signature covers these bytes, so order must match every other implementation.
        foreach (var (key, value) in privileges.OrderBy(p => p.Key))
        {
            WriteUInt16(key).WriteUInt32(value);
        }

        return this;
    }

    private static void EnsureFieldLength(int length, string paramName)
    {
        // The length prefix is a u16: silently truncating would produce a token the vendor rejects.
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"A packed field may hold at most {ushort.MaxValue} bytes.", paramName);
        }
    }
}
