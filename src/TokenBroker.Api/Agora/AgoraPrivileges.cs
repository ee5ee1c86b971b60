namespace TokenBroker.Api.Agora;

// The numeric values are wire values fixed by Agora; never renumber them.

/// <summary>Service type of an AccessToken2 (007) service block.</summary>
public enum AgoraServiceType
{
    Rtc = 1,
    Rtm = 2,
    Fpa = 4,
    Chat = 5,
    Apaas = 7,
}

public enum RtcPrivilege
{
    JoinChannel = 1,
    PublishAudioStream = 2,
    PublishVideoStream = 3,
    PublishDataStream = 4,
}

public enum RtmPrivilege
{
    Login = 1,
}

public enum FpaPrivilege
{
    Login = 1,
}

public enum ChatPrivilege
{
    User = 1,
    App = 2,
}

public enum ApaasPrivilege
{
    RoomUser = 1,
    User = 2,
    App = 3,
}

/// <summary>Privileges of the older AccessToken (006); values there are absolute Unix timestamps.</summary>
public enum AgoraPrivilege006
{
    JoinChannel = 1,
    PublishAudioStream = 2,
    PublishVideoStream = 3,
    PublishDataStream = 4,
    RtmLogin = 1000,
}

/// <summary>What an RTC user may do: a publisher joins and publishes, a subscriber only joins.</summary>
public enum RtcRole
{
    Publisher = 1,
    Subscriber = 2,
}

internal static class RtcRoles
{
    private static readonly RtcPrivilege[] PublisherPrivileges =
    [
        RtcPrivilege.JoinChannel,
        RtcPrivilege.PublishAudioStream,
        RtcPrivilege.PublishVideoStream,
        RtcPrivilege.PublishDataStream,
    ];

    private static readonly RtcPrivilege[] SubscriberPrivileges = [RtcPrivilege.JoinChannel];

    public static IReadOnlyList<RtcPrivilege> PrivilegesOf(RtcRole role) => role switch
    {
        RtcRole.Publisher => PublisherPrivileges,
        RtcRole.Subscriber => SubscriberPrivileges,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown RTC role."),
    };
}
