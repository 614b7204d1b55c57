using OpenLive.Core.Auth;
using OpenLive.Server.Apps;

namespace OpenLive.Server.Application.Sessions;

/// <summary>A session's login: the app, the user, the verifier its tickets are checked with, and when its ticket expires.</summary>
internal sealed record SessionLogin(AppRecord App, string UserId, ulong TinyId, UserSigVerifier Verifier, long SigExpiresAt)
{
    public uint SdkAppId => App.SdkAppId;
}
