// OpenLive userSig issuer sample: an app backend's endpoint that gives its signed-in users a userSig for the OpenLive
// server. The user is whoever the app's own authentication says (here a bearer token from configuration, standing in
// for the app's real sign-in); the request cannot name another user. The app's secret key comes from configuration
// (environment variable OpenLive__SecretKey, a secret store, ...) and is never logged or returned.
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenLive.Core.Auth;
using OpenLive.UserSigIssuerSample;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddOptions<IssuerOptions>()
    .Bind(builder.Configuration.GetSection(IssuerOptions.Section))
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton(services =>
{
    var options = services.GetRequiredService<IOptions<IssuerOptions>>().Value;
    return new UserSigGenerator(options.SdkAppId, options.SecretKey, services.GetRequiredService<TimeProvider>());
});
builder.Services.AddAuthentication(SampleTokenAuthentication.SchemeName)
    .AddScheme<SampleTokenOptions, SampleTokenAuthentication>(SampleTokenAuthentication.SchemeName, options =>
        builder.Configuration.GetSection(SampleTokenOptions.Section).Bind(options));
builder.Services.AddAuthorization();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();

// POST /usersig: a ticket for the signed-in user, valid for the configured lifetime.
app.MapPost("/usersig", (ClaimsPrincipal user, UserSigGenerator generator, IOptions<IssuerOptions> options) =>
{
    var userId = user.FindFirstValue(ClaimTypes.NameIdentifier);
    if (string.IsNullOrEmpty(userId))
    {
        return Results.Unauthorized();
    }

    var lifetime = options.Value.ExpireSeconds;
    return Results.Ok(new UserSigResponse(userId, generator.SdkAppId, generator.GenUserSig(userId, lifetime), lifetime));
}).RequireAuthorization();

await app.RunAsync();

namespace OpenLive.UserSigIssuerSample
{
    /// <summary>What the app's client receives: everything <c>LiveClient.LoginAsync</c> needs.</summary>
    internal sealed record UserSigResponse(string UserId, uint SdkAppId, string UserSig, long ExpireSeconds);

    /// <summary>The OpenLive app this backend signs for (configuration section <c>OpenLive</c>).</summary>
    internal sealed class IssuerOptions
    {
        public const string Section = "OpenLive";

        /// <summary>The app's sdkAppId (from <c>openlive admin</c> or the admin API).</summary>
        [Range(1, uint.MaxValue)]
        public uint SdkAppId { get; set; }

        /// <summary>The app's secret key: from the environment or a secret store, never from a file in the repository.</summary>
        [Required]
        [MinLength(16)]
        public string SecretKey { get; set; } = string.Empty;

        /// <summary>How long an issued userSig is valid, in seconds (default one day; at most 180 days as TLS-Sig allows).</summary>
        [Range(60, 180L * 24 * 3600)]
        public long ExpireSeconds { get; set; } = 24 * 3600;
    }
}
