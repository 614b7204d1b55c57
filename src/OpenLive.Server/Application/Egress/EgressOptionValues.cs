using OpenLive.Core.Errors;
using OpenLive.Server.Grains;

namespace OpenLive.Server.Application.Egress;

/// <summary>iLiveSDK's PushStreamOption as any edge receives it (numbers as iLiveSDK's enums).</summary>
internal sealed record PushOptionValues(uint PushDataType, uint Encode, uint RecordFileType, bool OnlyPushAudio, string RecordId, string UserId, string? FileName = null);

/// <summary>iLiveSDK's RecordOption as any edge receives it.</summary>
internal sealed record RecordOptionValues(uint RecordDataType, string FileName, uint ClassId, string UserId);

/// <summary>
/// iLiveSDK's option numbers checked and turned into an <see cref="EgressOrder"/>: every value OpenLive does not know is
/// 8021, every value iLiveSDK knew but OpenLive does not produce is 8023 (rather than a channel that silently lacks it).
/// </summary>
internal static class EgressOptionValues
{
    /// <summary>iLiveSDK's E_iLiveStreamEncode.</summary>
    internal const uint EncodeNone = 0, EncodeHls = 0x01, EncodeFlv = 0x02, EncodeHlsAndFlv = 0x03, EncodeRaw = 0x04, EncodeRtmp = 0x05, EncodeHlsAndRtmp = 0x06;

    /// <summary>iLiveSDK's E_RecordFileType.</summary>
    internal const uint RecordNone = 0, RecordMp4 = 4, RecordMp3 = 0x10;

    internal const int MaxFileNameLength = 64;
    internal const int MaxRecordIdLength = 64;

    public static EgressOrder PushOrder(PushOptionValues option, string memberId, IReadOnlyList<string> rtmpIngests)
    {
        var screen = DataType(option.PushDataType, "pushDataType");
        var (hls, rtmp) = option.Encode switch
        {
            EncodeNone => (false, false),
            EncodeHls => (true, false),
            EncodeRtmp => (false, true),
            EncodeHlsAndRtmp => (true, true),
            EncodeFlv or EncodeHlsAndFlv or EncodeRaw => throw new LiveException(ILiveErrorCode.NotSupport, $"encode 0x{option.Encode:X2} (FLV/RAW) is not produced by OpenLive: use HLS (0x01), RTMP (0x05) or both (0x06)"),
            _ => throw new LiveException(ILiveErrorCode.InvalidParam, $"encode 0x{option.Encode:X2} is not an E_iLiveStreamEncode value"),
        };
        var record = option.RecordFileType switch
        {
            RecordNone => false,
            RecordMp4 => true,
            (> RecordNone and <= 7) or RecordMp3 => throw new LiveException(ILiveErrorCode.NotSupport, $"recordFileType 0x{option.RecordFileType:X2} is not produced by OpenLive: record MP4 (4), which is WebM or fragmented MP4 by codec"),
            _ => throw new LiveException(ILiveErrorCode.InvalidParam, $"recordFileType 0x{option.RecordFileType:X2} is not an E_RecordFileType value"),
        };
        if (!hls && !rtmp && !record)
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, "the option asks for nothing: set encode and/or recordFileType");
        }

        if (rtmp && rtmpIngests.Count == 0)
        {
            throw new LiveException(ILiveErrorCode.NotSupport, "the server configures no RTMP ingest for this app (OpenLive:Egress:Live:Apps:{sdkAppId}:RtmpUrls)");
        }

        if (option.RecordId.Length > MaxRecordIdLength || option.RecordId.Any(char.IsControl))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"recordId has at most {MaxRecordIdLength} characters and no control characters");
        }

        return new EgressOrder(RequireUser(memberId), screen, option.OnlyPushAudio, record, hls, rtmp ? [.. rtmpIngests] : [], FileName(option.FileName), RecordVideo: false);
    }

    public static EgressOrder RecordOrder(RecordOptionValues option, string memberId) =>
        new(RequireUser(memberId), DataType(option.RecordDataType, "recordDataType"), AudioOnly: false, Record: true, Hls: false, RtmpUrls: [], FileName(option.FileName), RecordVideo: true);

    /// <summary>
    /// A file name stem a client may choose: 1–64 of <c>A-Z a-z 0-9 _ - .</c>, not starting with '.' (so no "..", no
    /// hidden file, no path part); null for none (the host generates one).
    /// </summary>
    public static string? FileName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length > MaxFileNameLength || name[0] == '.' || !name.All(IsFileNameChar))
        {
            throw new LiveException(ILiveErrorCode.InvalidParam, $"fileName has 1 to {MaxFileNameLength} of A-Z a-z 0-9 _ - . and does not start with '.'");
        }

        return name;

        static bool IsFileNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';
    }

    /// <summary>
    /// An ingest URL as answers show it: <c>rtmp://host[:port]/app/</c>. The stream key (the path after the application,
    /// and any query) and user info stay on the server, as the live outputs redact them from logs.
    /// </summary>
    public static string WithoutCredentials(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return string.Empty;
        }

        var server = uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped);
        var path = uri.AbsolutePath.TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var application = slash < 0 ? string.Empty : path[..slash];
        return application.Length == 0 ? $"{server}/" : $"{server}/{application}/";
    }

    private static bool DataType(uint value, string name) => value switch
    {
        0 => false,
        1 => true,
        _ => throw new LiveException(ILiveErrorCode.InvalidParam, $"{name} {value} is neither camera (0) nor screen (1)"),
    };

    private static string RequireUser(string userId) =>
        userId.Length is > 0 and <= 128 ? userId : throw new LiveException(ILiveErrorCode.InvalidParam, "name the member whose stream to push");
}
