using OpenLive.Core.Errors;

namespace OpenLive.Core.Auth;

/// <summary>
/// How a refused ticket is reported. Expiry is iLiveSDK's own <c>ERR_EXPIRE</c> (8051); every other refusal is a
/// <c>TLSSDK</c> error numbered as Tencent's TLS libraries number their check failures (tls-sig-api-v2-cpp
/// <c>CHECK_ERR*</c>), so logs read the same as with Tencent's backend.
/// </summary>
public static class UserSigErrors
{
    /// <summary>TLSSDK: the ticket could not be decoded (base64, zlib, JSON, or a field missing) — CHECK_ERR04/07.</summary>
    public const int Malformed = 4;

    /// <summary>TLSSDK: the HMAC does not match (wrong key or altered ticket) — CHECK_ERR08.</summary>
    public const int BadSignature = 8;

    /// <summary>TLSSDK: the ticket is for another user id — CHECK_ERR13.</summary>
    public const int IdentifierMismatch = 13;

    /// <summary>TLSSDK: the ticket is for another sdkAppId — CHECK_ERR14.</summary>
    public const int AppIdMismatch = 14;

    /// <summary>TLSSDK: the userbuf (privateMapKey) is missing, unexpected or for another room or user — CHECK_ERR15.</summary>
    public const int UserBufMismatch = 15;

    /// <summary>The exception a failed verification becomes; throws for <see cref="UserSigStatus.Valid"/>.</summary>
    public static LiveException ToException(this UserSigVerification verification)
    {
        ArgumentNullException.ThrowIfNull(verification);
        return verification.Status switch
        {
            UserSigStatus.Expired => new LiveException(ILiveErrorCode.Expire, verification.Detail),
            UserSigStatus.Malformed => Tls(Malformed, "userSig malformed", verification.Detail),
            UserSigStatus.BadSignature => Tls(BadSignature, "userSig signature check failed", verification.Detail),
            UserSigStatus.IdentifierMismatch => Tls(IdentifierMismatch, "userSig identifier mismatch", verification.Detail),
            UserSigStatus.AppIdMismatch => Tls(AppIdMismatch, "userSig sdkAppId mismatch", verification.Detail),
            UserSigStatus.UserBufMismatch => Tls(UserBufMismatch, "userSig userbuf mismatch", verification.Detail),
            _ => throw new ArgumentException("A valid ticket is not an error.", nameof(verification)),
        };
    }

    private static LiveException Tls(int code, string text, string detail) => new(ErrorModule.TLSSDK, code, text, detail);
}
