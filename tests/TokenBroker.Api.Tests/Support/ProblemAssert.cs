using System.Net;
using System.Text.Json;

namespace TokenBroker.Api.Tests.Support;

/// <summary>Assertions on the contract's error shapes (CONTRACT §1).</summary>
public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with the given status and machine code; returns its JSON.</summary>
    public static async Task<JsonElement> IsProblem(HttpResponseMessage response, HttpStatusCode status, string error)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        Assert.Equal(error, json.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(json.GetProperty("detail").GetString()));
        Assert.True(json.TryGetProperty("type", out _));
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return json;
    }

    /// <summary>Asserts a 400 validation problem that names <paramref name="field"/>.</summary>
    public static async Task<JsonElement> IsValidationProblem(HttpResponseMessage response, string field)
    {
        var json = await IsProblem(response, HttpStatusCode.BadRequest, "invalid_request");
        var errors = json.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"Expected an error for '{field}', got {errors}");
        return json;
    }
}
