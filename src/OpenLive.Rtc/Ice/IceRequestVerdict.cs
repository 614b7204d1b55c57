namespace OpenLive.Rtc.Ice;

/// <summary>What the checks of an incoming Binding request concluded (RFC 8445 §7.3, RFC 8489 §9.1.3).</summary>
internal enum IceRequestVerdict
{
    /// <summary>Not a Binding request, or a FINGERPRINT that fails: not ours, send nothing.</summary>
    Drop,

    /// <summary>USERNAME, MESSAGE-INTEGRITY, FINGERPRINT or PRIORITY missing, or an attribute malformed: 400.</summary>
    BadRequest,

    /// <summary>USERNAME is not ours or MESSAGE-INTEGRITY does not check out with our password: 401.</summary>
    Unauthorized,

    /// <summary>Authentic, but with comprehension-required attributes we do not know: 420.</summary>
    UnknownAttribute,

    /// <summary>Authentic and well-formed.</summary>
    Valid,
}
