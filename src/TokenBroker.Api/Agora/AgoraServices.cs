using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Api.Agora;

/// <summary>
/// One service block of an AccessToken2: its type, a privilege map (key → lifetime in seconds,
/// relative to the token's issue time) and type-specific fields. Only the sealed kinds below exist,
/// because the parser must know every kind's field layout to read past it.
/// </summary>
public abstract class AgoraService
{
    private readonly SortedDictionary<ushort, uint> _privileges = [];

    private protected AgoraService(AgoraServiceType type) => Type = type;

    public AgoraServiceType Type { get; }

    public IReadOnlyDictionary<ushort, uint> Privileges => _privileges;

    internal void Pack(AgoraPacker packer)
    {
        packer.WriteUInt16((ushort)Type).WritePrivileges(_privileges);
        PackFields(packer);
    }

    private protected abstract void PackFields(AgoraPacker packer);

    private protected void SetPrivilege(int key, uint expireSeconds) => _privileges[checked((ushort)key)] = expireSeconds;

    internal static bool TryUnpack(ref AgoraReader reader, [NotNullWhen(true)] out AgoraService? service)
    {
        service = null;
        if (!reader.TryReadUInt16(out var type) || !reader.TryReadPrivileges(out var privileges))
        {
            return false;
        }

        service = (AgoraServiceType)type switch
        {
            AgoraServiceType.Rtc => reader.TryReadString(out var channel) && reader.TryReadString(out var uid)
                ? new AgoraRtcService(channel, uid) : null,
            AgoraServiceType.Rtm => reader.TryReadString(out var userId) ? new AgoraRtmService(userId) : null,
            AgoraServiceType.Fpa => new AgoraFpaService(),
            AgoraServiceType.Chat => reader.TryReadString(out var userId) ? new AgoraChatService(userId) : null,
            AgoraServiceType.Apaas => reader.TryReadString(out var room) && reader.TryReadString(out var user)
                && reader.TryReadInt16(out var role) ? new AgoraApaasService(room, user, role) : null,
            _ => null,
        };

        foreach (var (key, value) in privileges)
        {
            service?._privileges.Add(key, value);
        }

        return service is not null;
    }
}

/// <summary>RTC service (type 1). <see cref="Uid"/> is "" for uid 0, a decimal uid, or a user account.</summary>
public sealed class AgoraRtcService(string channelName, string uid) : AgoraService(AgoraServiceType.Rtc)
{
    public string ChannelName { get; } = channelName ?? throw new ArgumentNullException(nameof(channelName));

    public string Uid { get; } = uid ?? throw new ArgumentNullException(nameof(uid));

    public AgoraRtcService Grant(RtcPrivilege privilege, uint expireSeconds)
    {
        SetPrivilege((int)privilege, expireSeconds);
        return this;
    }

    private protected override void PackFields(AgoraPacker packer) => packer.WriteString(ChannelName).WriteString(Uid);
}

/// <summary>RTM service (type 2).</summary>
public sealed class AgoraRtmService(string userId) : AgoraService(AgoraServiceType.Rtm)
{
    public string UserId { get; } = userId ?? throw new ArgumentNullException(nameof(userId));

    public AgoraRtmService Grant(RtmPrivilege privilege, uint expireSeconds)
    {
        SetPrivilege((int)privilege, expireSeconds);
        return this;
    }

    private protected override void PackFields(AgoraPacker packer) => packer.WriteString(UserId);
}

/// <summary>FPA service (type 4); it carries no fields besides its privileges.</summary>
public sealed class AgoraFpaService() : AgoraService(AgoraServiceType.Fpa)
{
    public AgoraFpaService Grant(FpaPrivilege privilege, uint expireSeconds)
    {
        SetPrivilege((int)privilege, expireSeconds);
        return this;
    }

    private protected override void PackFields(AgoraPacker packer)
    {
    }
}

/// <summary>Chat service (type 5). An app-level token carries an empty <see cref="UserId"/>.</summary>
public sealed class AgoraChatService(string userId) : AgoraService(AgoraServiceType.Chat)
{
    public string UserId { get; } = userId ?? throw new ArgumentNullException(nameof(userId));

    public AgoraChatService Grant(ChatPrivilege privilege, uint expireSeconds)
    {
        SetPrivilege((int)privilege, expireSeconds);
        return this;
    }

    private protected override void PackFields(AgoraPacker packer) => packer.WriteString(UserId);
}

/// <summary>APaaS (Flexible Classroom) service (type 7); the role is a signed 16-bit value.</summary>
public sealed class AgoraApaasService(string roomUuid, string userUuid, short role) : AgoraService(AgoraServiceType.Apaas)
{
    public string RoomUuid { get; } = roomUuid ?? throw new ArgumentNullException(nameof(roomUuid));

    public string UserUuid { get; } = userUuid ?? throw new ArgumentNullException(nameof(userUuid));

    public short Role { get; } = role;

    public AgoraApaasService Grant(ApaasPrivilege privilege, uint expireSeconds)
    {
        SetPrivilege((int)privilege, expireSeconds);
        return this;
    }

    private protected override void PackFields(AgoraPacker packer) =>
        packer.WriteString(RoomUuid).WriteString(UserUuid).WriteInt16(Role);
}
