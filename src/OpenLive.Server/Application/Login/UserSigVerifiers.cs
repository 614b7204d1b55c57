using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using OpenLive.Core.Auth;
using OpenLive.Server.Apps;
using OpenLive.Server.Hosting;

namespace OpenLive.Server.Application.Login;

/// <summary>
/// One userSig verifier per app, shared by its logins: building one re-derives the keyed HMAC that makes verifying
/// cheap. A verifier is made anew only when the app's key changed.
/// </summary>
internal sealed class UserSigVerifiers([FromKeyedServices(ServerClock.Key)] TimeProvider time)
{
    private readonly ConcurrentDictionary<uint, (string Key, UserSigVerifier Verifier)> _verifiers = new();

    public UserSigVerifier For(AppRecord app)
    {
        if (_verifiers.TryGetValue(app.SdkAppId, out var cached) && cached.Key == app.SecretKey)
        {
            return cached.Verifier;
        }

        var verifier = new UserSigVerifier(app.SdkAppId, app.SecretKey, time);
        _verifiers[app.SdkAppId] = (app.SecretKey, verifier);
        return verifier;
    }
}
