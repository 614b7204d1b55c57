using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpenLive.UserSigIssuerSample;

/// <summary>
/// The sample's stand-in for an app's real sign-in: <c>Authorization: Bearer &lt;token&gt;</c> against a table of
/// tokens from configuration (section <c>SampleTokens</c>: token = user id). A real backend uses its own session cookie,
/// OpenID Connect or JWT bearer authentication here; the endpoint only needs the signed-in user's id.
/// </summary>
internal sealed class SampleTokenAuthentication(IOptionsMonitor<SampleTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<SampleTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "SampleToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim());
        foreach (var (token, userId) in Options.Users)
        {
            // Constant-time: the comparison does not tell an attacker how much of a token was right.
            if (CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(token)))
            {
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], SchemeName);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("unknown token"));
    }
}

/// <summary>The sample's sign-in table: bearer token to user id.</summary>
internal sealed class SampleTokenOptions : AuthenticationSchemeOptions
{
    public const string Section = "SampleTokens";

    public Dictionary<string, string> Users { get; } = new(StringComparer.Ordinal);
}
