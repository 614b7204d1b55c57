namespace OpenLive.Core.Auth;

/// <summary>The outcome of checking a userSig or privateMapKey; each failure is a distinct value.</summary>
public enum UserSigStatus
{
    /// <summary>The ticket is authentic, for this app and user, and not expired.</summary>
    Valid = 0,

    /// <summary>Not a TLS-Sig v2 ticket: empty, too long, bad base64, not zlib, not JSON, or a field missing or of the wrong type.</summary>
    Malformed,

    /// <summary>The ticket was issued for another sdkAppId.</summary>
    AppIdMismatch,

    /// <summary>The ticket was issued for another user id.</summary>
    IdentifierMismatch,

    /// <summary>The HMAC does not match: signed with another key, or altered after signing.</summary>
    BadSignature,

    /// <summary>The ticket's lifetime (<c>TLS.time + TLS.expire</c>, or a privateMapKey's absolute expiry) has passed.</summary>
    Expired,

    /// <summary>The userbuf is missing, unexpected, differs from what was required, or is a privateMapKey for another room or user.</summary>
    UserBufMismatch,
}
