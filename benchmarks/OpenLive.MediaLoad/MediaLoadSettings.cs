using System.Globalization;
using System.Net;
using OpenLive.Rtc.Client;

namespace OpenLive.MediaLoad;

/// <summary>Command line of the media load harness (see Program.cs for the flags).</summary>
internal sealed record MediaLoadSettings(
    Uri Server,
    string DataDirectory,
    int ServerPid,
    int[] Stages,
    TimeSpan Window,
    TimeSpan Settle,
    TimeSpan Warmup,
    int Bitrate,
    int FramesPerSecond,
    uint RoomId,
    int ParallelJoins,
    string? SamplesDirectory,
    string Target,
    Uri JanusApi,
    IPAddress ClientAddress,
    string? ResultsFile,
    RtcIceTransports Transport)
{
    /// <summary>Latency samples kept per receiver per window: every frame of the window, with room to spare.</summary>
    public int SampleCapacity => (int)(FramesPerSecond * (Window.TotalSeconds + 5) * 2);

    public static MediaLoadSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        int Number(string name, string fallback) => int.Parse(Value(name, fallback), CultureInfo.InvariantCulture);

        return new MediaLoadSettings(
            new Uri(Value("--server", "http://127.0.0.1:7880")),
            Value("--data", "./data"),
            Number("--server-pid", "0"),
            [.. Value("--stages", "1,10,50,100,200").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            TimeSpan.FromSeconds(double.Parse(Value("--window", "12"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("--settle", "8"), CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(double.Parse(Value("--warmup", "20"), CultureInfo.InvariantCulture)),
            Number("--bitrate", "2500000"),
            Number("--fps", "30"),
            (uint)Number("--room", "770001"),
            Number("--parallel-joins", "16"),
            args.Contains("--samples") ? Value("--samples", ".") : null,
            Value("--target", "openlive"),
            new Uri(Value("--janus", "http://127.0.0.1:8088/janus")),
            IPAddress.Parse(Value("--client-address", "127.0.0.1")),
            args.Contains("--results") ? Value("--results", "results.json") : null,
            Value("--transport", "udp") switch
            {
                "udp" => RtcIceTransports.Udp,
                "tcp" => RtcIceTransports.Tcp,
                var other => throw new ArgumentException($"--transport {other}: udp or tcp"),
            });
    }

    /// <summary>How the SFU path is named in the output: the server's name, with the transport when it is not UDP.</summary>
    public string PathName(string server) => Transport == RtcIceTransports.Tcp ? $"{server} over ICE-TCP" : server;
}
