namespace OpenLive.Core.Auth;

/// <summary>How <see cref="UserSigGenerator"/> packs a ticket's JSON into its zlib stream. Verifiers read either.</summary>
public enum UserSigCompression
{
    /// <summary>
    /// zlib stored blocks, as Tencent's Go library emits: the fastest to issue and to verify; tickets about a third
    /// longer (≈250 characters for a plain userSig).
    /// </summary>
    Stored,

    /// <summary>Deflate at zlib's fastest level, as Tencent's C++ library: shorter tickets (≈190 characters), slower to issue.</summary>
    Deflate,
}
