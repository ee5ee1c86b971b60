using System.Net;
using System.Text;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.AgoraRoutes.AgoraRouteSupport;

namespace TokenBroker.Api.Tests.AgoraRoutes;

/// <summary>POST /v1/rtc-tokens input rules (CONTRACT §1 and §6): every bad field is a 400 naming it.</summary>
public sealed class RtcTokenValidationTests : IDisposable
{
    private readonly BrokerFactory _broker = new();
    private readonly HttpClient _client;

    public RtcTokenValidationTests() => _client = _broker.CreateClient();

    public void Dispose() => _broker.Dispose();

    public static TheoryData<string, string> BadBodies => new()
    {
        // channelName: required, 1..64 characters of Agora's alphabet.
        { """{"role": "publisher"}""", "channelName" },
        { """{"channelName": null, "role": "publisher"}""", "channelName" },
        { """{"channelName": "", "role": "publisher"}""", "channelName" },
        { $$"""{"channelName": "{{new string('c', 65)}}", "role": "publisher"}""", "channelName" },
        { """{"channelName": "room/1", "role": "publisher"}""", "channelName" },
        { """{"channelName": "room*1", "role": "publisher"}""", "channelName" },
        { """{"channelName": "sala-ñ", "role": "publisher"}""", "channelName" },
        { """{"channelName": "room\u00011", "role": "publisher"}""", "channelName" },
        { """{"channelName": 7, "role": "publisher"}""", "channelName" },

        // uid: a JSON integer 0..4294967295.
        { """{"channelName": "room-1", "uid": -1, "role": "publisher"}""", "uid" },
        { """{"channelName": "room-1", "uid": 4294967296, "role": "publisher"}""", "uid" },
        { """{"channelName": "room-1", "uid": 1.5, "role": "publisher"}""", "uid" },
        { """{"channelName": "room-1", "uid": "12", "role": "publisher"}""", "uid" },
        { """{"channelName": "room-1", "uid": true, "role": "publisher"}""", "uid" },

        // userAccount: 1..255 characters, no control characters; never together with uid.
        { """{"channelName": "room-1", "userAccount": "", "role": "publisher"}""", "userAccount" },
        { $$"""{"channelName": "room-1", "userAccount": "{{new string('u', 256)}}", "role": "publisher"}""", "userAccount" },
        { """{"channelName": "room-1", "userAccount": "ali\nce", "role": "publisher"}""", "userAccount" },
        { """{"channelName": "room-1", "uid": 5, "userAccount": "alice", "role": "publisher"}""", "uid" },
        { """{"channelName": "room-1", "uid": 5, "userAccount": "alice", "role": "publisher"}""", "userAccount" },

        // role: required, exactly "publisher" or "subscriber".
        { """{"channelName": "room-1"}""", "role" },
        { """{"channelName": "room-1", "role": "owner"}""", "role" },
        { """{"channelName": "room-1", "role": "Publisher"}""", "role" },
        { """{"channelName": "room-1", "role": 1}""", "role" },

        // expire: whole seconds.
        { """{"channelName": "room-1", "role": "publisher", "expire": "60"}""", "expire" },
        { """{"channelName": "room-1", "role": "publisher", "expire": 1.5}""", "expire" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task RtcToken_BadField_Is400NamingTheField(string json, string field)
    {
        var session = await SessionAsync();

        var response = await PostRawAsync(_client, RtcPath, session, json);

        await ProblemAssert.IsValidationProblem(response, field);
    }

    [Fact]
    public async Task RtcToken_UnknownFields_AreIgnored()
    {
        var session = await SessionAsync();

        var response = await PostRawAsync(_client, RtcPath, session, """{"channelName": "room-1", "role": "subscriber", "privileges": [2, 3]}""");

        var body = await OkJsonAsync(response);
        Assert.Equal([1], PrivilegeKeys(Rtc(ParseVerified(body.GetProperty("token").GetString()))));
    }

    [Fact]
    public async Task RtcToken_NotJson_Is400()
    {
        var session = await SessionAsync();

        var response = await PostRawAsync(_client, RtcPath, session, """{"channelName": "room-1", """);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task RtcToken_NoBody_Is400()
    {
        var session = await SessionAsync();

        var response = await PostRawAsync(_client, RtcPath, session, json: null);

        await ProblemAssert.IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
    }

    [Fact]
    public async Task RtcToken_FormBody_Is415()
    {
        var session = await SessionAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, RtcPath)
        {
            Content = new StringContent("channelName=room-1&role=publisher", Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("App-Token", session);

        var response = await _client.SendAsync(request);

        await ProblemAssert.IsProblem(response, HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    private async Task<string> SessionAsync()
    {
        var app = await AgoraAppAsync(_broker);
        return await BrokeredFlow.SessionTokenAsync(_client, app);
    }
}
