using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenBroker.Api.Features.Brokered;

/// <summary>
/// Compile-time JSON metadata for the brokered routes' bodies (a tokenId per connection, an
/// activation per session). Same settings as the app's JSON options, like <c>AgoraJsonContext</c>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CreateTokenRequest))]
[JsonSerializable(typeof(BrokeredTokenResponse))]
[JsonSerializable(typeof(ActivateSessionRequest))]
[JsonSerializable(typeof(SessionTokenResponse))]
internal sealed partial class BrokeredJsonContext : JsonSerializerContext;
