using Microsoft.AspNetCore.Http.Json;
using System.Text.Json.Serialization;
using TokenBroker.Api.Features;
using TokenBroker.Api.Features.Agora;
using TokenBroker.Api.Features.Apps;
using TokenBroker.Api.Features.Brokered;
using TokenBroker.Api.Features.Discovery;
using TokenBroker.Api.Features.Endpoints;
using TokenBroker.Api.Features.Health;
using TokenBroker.Api.Features.Members;
using TokenBroker.Api.Features.Roles;
using TokenBroker.Api.Features.Sso;
using TokenBroker.Api.Features.Turn;
using TokenBroker.Api.Features.Users;
using TokenBroker.Api.Infrastructure.Apps;
using TokenBroker.Api.Infrastructure.Auth;
using TokenBroker.Api.Infrastructure.Http;
using TokenBroker.Api.Infrastructure.Logging;
using TokenBroker.Api.Infrastructure.OpenApi;
using TokenBroker.Api.Infrastructure.Options;
using TokenBroker.Api.Infrastructure.Signing;
using TokenBroker.Api.Infrastructure.Store;

var builder = WebApplication.CreateBuilder(HostingSetup.ReadSettingsOnce(args));
builder.Configuration.AddRootDevelopmentSettings(builder.Environment);
builder.ConfigureBrokerHosting();

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<TokenBrokerOptions>()
    .BindConfiguration(TokenBrokerOptions.Section)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<TokenBrokerOptions>, TokenBrokerOptionsValidator>();
builder.Services.Configure<JsonOptions>(options =>
{
    // CONTRACT §1: a wrong type is a 400, so "60" is not a number.
    options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;

    // Generated (reflection-free) JSON for the hot token routes; other types fall through.
    options.SerializerOptions.TypeInfoResolverChain.Insert(0, TokenRoutesJsonContext.Default);
});

builder.Services.AddBrokerLogging(builder.Configuration);
builder.Services.AddBrokerErrorHandling();
builder.Services.AddBrokerStore(builder.Configuration);
builder.Services.AddBrokerSigning();
builder.Services.AddSingleton<AppCache>();
builder.Services.AddAdminKeyAuthentication();
builder.Services.AddBrokerTokenAuthentication();
builder.Services.AddSsoServices();
builder.Services.AddBrokerHealthChecks();
builder.Services.AddBrokerSwagger();

var app = builder.Build();

app.UseBrokerHosting();
app.UseBrokerRequestLogging();
app.UseExceptionHandler();
app.UseBrokerStatusCodePages();
app.UseBodySizeLimit();
app.UseStrictJsonContentType();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.UseBrokerSwagger();

app.MapHealthEndpoints();
app.MapDiscoveryEndpoints();

var admin = app.MapGroup("/v1")
    .RequireAuthorization(AdminKeyAuthenticationHandler.Policy)
    .RequiresCredentials(SecuritySchemes.AdminKey)
    .ProducesProblem(StatusCodes.Status401Unauthorized);
admin.MapAppsEndpoints();
admin.MapRolesEndpoints();
admin.MapUsersEndpoints();
admin.MapMembersEndpoints();
admin.MapEndpointsListing();

app.MapBrokeredEndpoints();
app.MapTurnEndpoints();
app.MapAgoraEndpoints();
app.UseExamplePages();
app.MapSsoEndpoints();
if (app.Environment.IsDevelopment())
{
    app.MapDemoCallback();
}

app.Run();

/// <summary>Entry point, public so tests can host the broker.</summary>
public partial class Program;
