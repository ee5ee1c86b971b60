using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenBroker.Api.Features.Agora;

/// <summary>
/// Compile-time JSON metadata for the token routes' bodies, which clients call on every join and
/// renewal. The settings are those of the app's JSON options (web defaults, strict numbers), so the
/// generated serializers are used as they are; every other type still goes through reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(RtcTokenRequest))]
[JsonSerializable(typeof(RtcTokenResponse))]
[JsonSerializable(typeof(RtmTokenRequest))]
[JsonSerializable(typeof(RtmTokenResponse))]
[JsonSerializable(typeof(AccessTokenResponse))]
internal sealed partial class AgoraJsonContext : JsonSerializerContext;
