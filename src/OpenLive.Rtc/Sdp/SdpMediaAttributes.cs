namespace OpenLive.Rtc.Sdp;

/// <summary>
/// Applies an a= line of an m= section to its <see cref="MediaDescription"/>; what it does not know, or what does
/// not belong in a media section, is kept verbatim.
/// </summary>
internal static class SdpMediaAttributes
{
    /// <summary>Null when the attribute was taken; otherwise why it was refused.</summary>
    public static string? Apply(MediaDescription media, ReadOnlySpan<char> name, bool hasValue, ReadOnlySpan<char> value, ref SeenLines seen)
    {
        switch (name)
        {
            case "mid":
                media.Mid = value.ToString();
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.Mid)
                    ?? (SdpText.IsToken(value) ? null : "the mid must be a token");
            case "sendrecv" or "sendonly" or "recvonly" or "inactive":
                media.Direction = MediaDirections.TryParse(name, out var direction) ? direction : null;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.Direction);
            case "ice-ufrag":
                media.IceUfrag = value.ToString();
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IceUfrag) ?? SdpAttributeRules.Ufrag(value);
            case "ice-pwd":
                media.IcePwd = value.ToString();
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IcePwd) ?? SdpAttributeRules.Password(value);
            case "ice-options":
                return SdpAttributeRules.Single(hasValue, ref seen, SeenLines.IceOptions)
                    ?? SdpAttributeRules.IceOptions(value, media.IceOptions);
            case "ice-lite":
                media.IceLite = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.IceLite);
            case "candidate":
            {
                if (!hasValue)
                {
                    return SdpAttributeRules.NeedsValue;
                }

                if (!IceCandidate.TryParseValue(value, out var candidate, out var reason))
                {
                    return reason;
                }

                media.Candidates.Add(candidate);
                return null;
            }

            case "end-of-candidates":
                media.EndOfCandidates = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.EndOfCandidates);
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

                media.Fingerprints.Add(fingerprint);
                return null;
            }

            case "setup":
            {
                var reason = SdpAttributeRules.Setup(hasValue, value, ref seen, out var setup);
                media.Setup = setup;
                return reason;
            }

            case "rtcp":
            {
                if (SdpAttributeRules.Single(hasValue, ref seen, SeenLines.Rtcp) is { } reason)
                {
                    return reason;
                }

                media.Rtcp = RtcpAddress.TryParse(value, out var rtcp) ? rtcp : null;
                return rtcp is null ? "expected <port> [<nettype> <addrtype> <address>]" : null;
            }

            case "rtcp-mux":
                media.RtcpMux = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.RtcpMux);
            case "rtcp-rsize":
                media.RtcpReducedSize = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.RtcpReducedSize);
            case "rtpmap" or "fmtp" or "rtcp-fb" when media.IsRtp:
                return hasValue ? SdpCodecAttributes.Apply(media, name, value) : SdpAttributeRules.NeedsValue;
            case "extmap":
                return hasValue ? AddHeaderExtension(media, value) : SdpAttributeRules.NeedsValue;
            case "extmap-allow-mixed":
                media.ExtmapAllowMixed = true;
                return SdpAttributeRules.Flag(hasValue, ref seen, SeenLines.ExtmapAllowMixed);
            case "ssrc":
            {
                if (!hasValue)
                {
                    return SdpAttributeRules.NeedsValue;
                }

                if (!SsrcLine.TryParse(value, out var line, out var reason))
                {
                    return reason;
                }

                media.SsrcLines.Add(line);
                return null;
            }

            case "ssrc-group":
            {
                if (!hasValue)
                {
                    return SdpAttributeRules.NeedsValue;
                }

                if (!SsrcGroup.TryParse(value, out var group, out var reason))
                {
                    return reason;
                }

                media.SsrcGroups.Add(group);
                return null;
            }

            case "msid":
            {
                if (!hasValue || !Msid.TryParse(value, out var msid))
                {
                    return "expected <stream id> [<track id>]";
                }

                media.Msids.Add(msid);
                return null;
            }

            case "rid":
                return hasValue ? AddRid(media, value) : SdpAttributeRules.NeedsValue;
            case "simulcast":
            {
                if (SdpAttributeRules.Single(hasValue, ref seen, SeenLines.Simulcast) is { } reason)
                {
                    return reason;
                }

                if (!Simulcast.TryParse(value, out var simulcast, out reason))
                {
                    return reason;
                }

                media.Simulcast = simulcast;
                return null;
            }

            case "sctp-port":
            {
                if (SdpAttributeRules.Single(hasValue, ref seen, SeenLines.SctpPort) is { } reason)
                {
                    return reason;
                }

                media.SctpPort = SdpText.TryParsePort(value, out var port) ? port : null;
                return media.SctpPort is null ? "the port must be 0-65535" : null;
            }

            case "max-message-size":
            {
                if (SdpAttributeRules.Single(hasValue, ref seen, SeenLines.MaxMessageSize) is { } reason)
                {
                    return reason;
                }

                media.MaxMessageSize = SdpText.TryParseUInt64(value, out var size) ? size : null;
                return media.MaxMessageSize is null ? "the size must be a number" : null;
            }

            default:
                media.OtherAttributes.Add(new AttributeLine(name.ToString(), hasValue ? value.ToString() : null));
                return null;
        }
    }

    private static string? AddHeaderExtension(MediaDescription media, ReadOnlySpan<char> value)
    {
        if (!HeaderExtension.TryParse(value, out var extension, out var reason))
        {
            return reason;
        }

        foreach (var existing in media.HeaderExtensions)
        {
            if (existing.Id == extension.Id)
            {
                return $"id {extension.Id} is mapped twice";
            }
        }

        media.HeaderExtensions.Add(extension);
        return null;
    }

    private static string? AddRid(MediaDescription media, ReadOnlySpan<char> value)
    {
        if (!RidDescription.TryParse(value, out var rid, out var reason))
        {
            return reason;
        }

        foreach (var existing in media.Rids)
        {
            if (string.Equals(existing.Id, rid.Id, StringComparison.Ordinal) && existing.Direction == rid.Direction)
            {
                return $"{rid.Id} is described twice";
            }
        }

        media.Rids.Add(rid);
        return null;
    }
}
