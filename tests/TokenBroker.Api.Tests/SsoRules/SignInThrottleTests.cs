using System.Net;
using TokenBroker.Api.Tests.Support;
using static TokenBroker.Api.Tests.SsoRules.SsoRuleSupport;

namespace TokenBroker.Api.Tests.SsoRules;

/// <summary>
/// Sign-in throttling (CONTRACT §1 and §4): after five failures for one email the sign-in page answers
/// 429 with Retry-After, right password or not, for <c>TokenBroker:RateLimiting:SignInLockout</c>.
/// </summary>
public sealed class SignInThrottleTests : IDisposable
{
    private const string WrongPassword = "not-the-right-password";

    private readonly List<BrokerFactory> _brokers = [];

    public void Dispose()
    {
        foreach (var broker in _brokers)
        {
            broker.Dispose();
        }
    }

    [Fact]
    public async Task Contract_1_SixthAttemptAfterFiveFailures_Is429PageWithRetryAfter_EvenWithTheRightPassword()
    {
        var broker = Track(new BrokerFactory());
        var app = await SsoFlow.CreateAsync(broker);
        var browser = SsoFlow.Browser(broker);
        await FailAsync(browser, app, times: 5);

        var response = await SsoFlow.SignInAsync(browser, app.Email, app.Password);

        await IsHtmlPage(response, HttpStatusCode.TooManyRequests);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
        Assert.StartsWith("/auth/login?", Location(await SsoFlow.AuthorizeAsync(browser, SsoFlow.AuthorizeQuery(app))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contract_1_DefaultLockoutOfFifteenMinutes_EndsAndSignInWorksAgain()
    {
        var broker = Track(new BrokerFactory());
        var app = await SsoFlow.CreateAsync(broker);
        var browser = SsoFlow.Browser(broker);
        await FailAsync(browser, app, times: 5);

        broker.Time.Advance(TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SsoFlow.SignInAsync(browser, app.Email, app.Password)).StatusCode);

        broker.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await SsoFlow.SignInAsync(browser, app.Email, app.Password)).StatusCode);
    }

    [Fact]
    public async Task Contract_1_ConfiguredSignInLockout_IsTheLockout()
    {
        var broker = Track(new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:RateLimiting:SignInLockout"] = "00:02:00" }));
        var app = await SsoFlow.CreateAsync(broker);
        var browser = SsoFlow.Browser(broker);
        await FailAsync(browser, app, times: 5);

        var locked = await SsoFlow.SignInAsync(browser, app.Email, app.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.InRange(locked.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

        broker.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.Redirect, (await SsoFlow.SignInAsync(browser, app.Email, app.Password)).StatusCode);
    }

    [Fact]
    public async Task Contract_1_RateLimitingDisabled_NeverAnswers429()
    {
        var broker = Track(new BrokerFactory(new Dictionary<string, string?> { ["TokenBroker:RateLimiting:Enabled"] = "false" }));
        var app = await SsoFlow.CreateAsync(broker);
        var browser = SsoFlow.Browser(broker);
        await FailAsync(browser, app, times: 8);

        Assert.Equal(HttpStatusCode.Redirect, (await SsoFlow.SignInAsync(browser, app.Email, app.Password)).StatusCode);
    }

    /// <summary>Fails to sign in; each failure still shows the form (200), never a lockout before the limit.</summary>
    private static async Task FailAsync(HttpClient browser, SsoApp app, int times)
    {
        for (var i = 0; i < times; i++)
        {
            var response = await SsoFlow.SignInAsync(browser, app.Email, WrongPassword);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"attempt {i + 1}: {(int)response.StatusCode}");
        }
    }

    private BrokerFactory Track(BrokerFactory broker)
    {
        _brokers.Add(broker);
        return broker;
    }
}
