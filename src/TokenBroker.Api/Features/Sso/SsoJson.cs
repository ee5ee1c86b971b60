using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenBroker.Api.Features.Sso;

/// <summary>
/// Compile-time JSON metadata for the token endpoint's answer, written on every code exchange and
/// refresh. Same settings as the app's JSON options; the names come from the record's attributes.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class SsoJsonContext : JsonSerializerContext;
