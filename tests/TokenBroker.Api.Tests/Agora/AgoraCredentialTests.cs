using TokenBroker.Api.Agora;
using static TokenBroker.Api.Tests.Agora.AgoraVectors;

namespace TokenBroker.Api.Tests.Agora;

public sealed class AgoraCredentialTests
{
    private static readonly DateTimeOffset Now = new(2025, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string?> Malformed => new()
    {
        null,
        "",
        "970CA35de60c44645bbae8a215061b3",
        "970CA35de60c44645bbae8a215061b333",
        "970CA35de60c44645bbae8a215061b3g",
        "970CA35de60c44645bbae8a215061b3 ",
        "970CA35de60c44645bbae8a215061b3٣",
    };

    [Theory]
    [InlineData(AppId)]
    [InlineData(AppCertificate)]
    [InlineData("00000000000000000000000000000000")]
    [InlineData("ABCDEFabcdef0123456789ABCDEFabcd")]
    public void IsValidHex32_ThirtyTwoHexChars_IsTrue(string value) => Assert.True(AgoraAccessToken2.IsValidHex32(value));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void IsValidHex32_Malformed_IsFalse(string? value) => Assert.False(AgoraAccessToken2.IsValidHex32(value));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void BuildRtcToken_MalformedAppId_ThrowsArgumentException(string? appId) =>
        Assert.Throws<ArgumentException>(() => AgoraAccessToken2.BuildRtcToken(
            appId!, AppCertificate, Channel, Uid, RtcRole.Publisher, 600, 600, Now));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void BuildRtmToken_MalformedCertificate_ThrowsArgumentException(string? certificate) =>
        Assert.Throws<ArgumentException>(() => AgoraAccessToken2.BuildRtmToken(AppId, certificate!, RtmUser, 600, Now));

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Build006_MalformedCertificate_ThrowsArgumentException(string? certificate) =>
        Assert.Throws<ArgumentException>(() => AgoraAccessToken006.BuildRtmToken(
            AppId, certificate!, RtmUser, Now.AddHours(1), Now));

    [Fact]
    public void Verify_MalformedCertificate_ThrowsArgumentException()
    {
        Assert.True(AgoraAccessToken2.TryParse(RtcJoinUid, out var parsed));

        Assert.Throws<ArgumentException>(() => AgoraAccessToken2.Verify(parsed, "short"));
    }
}
