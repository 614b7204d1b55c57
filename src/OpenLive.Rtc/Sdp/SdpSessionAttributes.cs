namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Applies a session-level a= line (before the first m=) to a <see cref="SessionDescription"/>; what it does not
/// know, or what does not belong at session level, is kept verbatim.
/// </summary>
internal static class SdpSessionAttributes
{
    /// <summary>Null when the attribute was taken; otherwise why it was refused.</summary>
    public static string? Apply(SessionDescription session, ReadOnlySpan<char> name, bool hasValue, ReadOnlySpan<char> value, ref SeenLines seen)
    {
        switch (name)
        {
            case "group":
            {
                if (!hasValue)
                {
                    return SdpAttributeRules.NeedsValue;
                }

                if (!MediaGroup.TryParse(value, out var group, out var reason))
                {
                    return reason;
                }

                session.Groups.Add(group);
                return null;
            }

            case "extmap-allow-mixed":
                session.ExtmapAllowMixed = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.ExtmapAllowMixed);
            case "msid-semantic":
            {
                if (SdpAttributeRules.Single(hasValue, ref seen, SeenLines.MsidSemantic) is { } reason)
                {
                    return reason;
                }

                session.MsidSemantic = MsidSemantic.TryParse(value, out var semantic) ? semantic : null;
                return semantic is null ? "expected <semantics> [<identifier> ...]" : null;
            }

            case "ice-lite":
                session.IceLite = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.IceLite);
            case "end-of-candidates":
                session.EndOfCandidates = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.EndOfCandidates);
            case "ice-ufrag":
                session.IceUfrag = value.ToString();
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IceUfrag) ?? SdpAttributeRules.Ufrag(value);
            case "ice-pwd":
                session.IcePwd = value.ToString();
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IcePwd) ?? SdpAttributeRules.Password(value);
            case "ice-options":
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IceOptions)
                    ?? SdpAttributeRules.IceOptions(value, session.IceOptions);
            case "fingerprint":
            {
                if (!hasValue)
                {
                    return SdpAttributeRules.NeedsValue;
                }

                if (!Fingerprint.TryParse(value, out var fingerprint, out var reason))
                {
                    return reason;
                }

                session.Fingerprints.Add(fingerprint);
                return null;
            }

            case "setup":
            {
                var reason = SdpAttributeRules.Setup(hasValue, value, ref seen, out var setup);
                session.Setup = setup;
                return reason;
            }

            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                session.Direction = MediaDirections.TryParse(name, out var direction) ? direction : null;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.Direction);
            default:
                session.OtherAttributes.Add(new AttributeLine(name.ToString(), hasValue ? value.ToString() : null));
                return null;
        }
    }
}
