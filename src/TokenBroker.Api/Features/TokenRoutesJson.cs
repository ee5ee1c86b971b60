using System.Text.Json;
using System.Text.Json.Serialization;
using TokenBroker.Api.Features.Agora;
using TokenBroker.Api.Features.Brokered;
using TokenBroker.Api.Features.Sso;

namespace TokenBroker.Api.Features;

/// <summary>
/// Compile-time JSON metadata for the bodies of the routes clients call on every connection, join
/// and renewal: brokered tokens and their activation, the token endpoint's answer, RTC/RTM tokens.
/// The settings are those of the app's JSON options (web defaults, strict numbers), so the
/// generated serializers are used as they are; every other type still goes through reflection.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(BrokeredTokenResponse))]
[JsonSerializable(typeof(ActivateSessionRequest))]
[JsonSerializable(typeof(SessionTokenResponse))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RtcTokenRequest))]
[JsonSerializable(typeof(RtcTokenResponse))]
[JsonSerializable(typeof(RtmTokenRequest))]
[JsonSerializable(typeof(RtmTokenResponse))]
[JsonSerializable(typeof(AccessTokenResponse))]
internal sealed partial class TokenRoutesJsonContext : JsonSerializerContext;
