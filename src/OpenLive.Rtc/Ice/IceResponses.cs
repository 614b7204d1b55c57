using System.Net;
using OpenLive.Rtc.Stun;

namespace OpenLive.Rtc.Ice;

/// <summary>
/// Answers to Binding requests, written into the caller's buffer without allocating (RFC 8445 §7.3.1, RFC 8489
/// §6.3). A success carries XOR-MAPPED-ADDRESS (the request's source as we saw it), MESSAGE-INTEGRITY with our
/// password and FINGERPRINT. Errors to requests that failed authentication (400, 401) carry no
/// MESSAGE-INTEGRITY — there is no key the requester would share (RFC 8489 §9.1.3); errors to authentic ones
/// (420, 487) do.
/// </summary>
internal static class IceResponses
{
    /// <summary>Most unknown attribute types a 420 lists; a request naming more is refused just the same.</summary>
    public const int MaxUnknownAttributesListed = 8;

    /// <summary>Writes a Binding success response; returns its length.</summary>
    public static int WriteSuccess(Span<byte> destination, scoped in StunMessage request, IPEndPoint source, StunIntegrityKey key)
    {
        var writer = new StunWriter(destination, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        return writer.Length;
    }

    /// <summary>
    /// Writes a Binding error response with <paramref name="code"/>; MESSAGE-INTEGRITY only when a key is given.
    /// A 420 lists the request's unknown comprehension-required attributes. Returns its length.
    /// </summary>
    public static int WriteError(Span<byte> destination, scoped in StunMessage request, int code, StunIntegrityKey? key)
    {
        var writer = new StunWriter(destination, StunClass.ErrorResponse, StunMethod.Binding, request.TransactionId);
        writer.AddErrorCode(code);
        if (code == StunErrorCode.UnknownAttribute)
        {
            Span<ushort> unknown = stackalloc ushort[MaxUnknownAttributesListed];
            var count = 0;
            var attributes = request.Attributes;
            while (attributes.MoveNext() && count < unknown.Length && attributes.Type != StunAttributeType.MessageIntegrity)
            {
                if (StunMessage.IsUnknownComprehensionRequired(attributes.Type) && !unknown[..count].Contains((ushort)attributes.Type))
                {
                    unknown[count++] = (ushort)attributes.Type;
                }
            }

            writer.AddUnknownAttributes(unknown[..count]);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        return writer.Length;
    }
}
