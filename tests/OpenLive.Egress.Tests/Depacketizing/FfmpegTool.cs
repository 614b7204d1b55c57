using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Text.Json;

namespace OpenLive.Egress.Tests.Depacketizing;

/// <summary>
/// ffmpeg and ffprobe (Debian's, 5.1) as the real peers of the egress tests: ffmpeg encodes test sources and sends
/// them as RTP to UDP sockets the test binds; ffprobe and ffmpeg read what the egress wrote.
/// </summary>
internal static class FfmpegTool
{
    private static readonly TimeSpan ProcessDeadline = TimeSpan.FromSeconds(120);

    /// <summary>One RTP stream ffmpeg sent: the RTP packets in arrival order, and the RTCP compounds to port + 1.</summary>
    internal sealed record RtpCapture(List<Arrival> Rtp, List<Arrival> Rtcp);

    /// <summary>One datagram and when it arrived (<see cref="Stopwatch.GetTimestamp"/>), so streams can be replayed interleaved as they came.</summary>
    internal sealed record Arrival(long At, byte[] Bytes);

    /// <summary>
    /// Runs ffmpeg with <paramref name="arguments"/>, where <c>{0}</c>, <c>{1}</c>, … are replaced by
    /// <c>rtp://127.0.0.1:PORT</c> URLs of freshly bound socket pairs (RTP on PORT, RTCP on PORT + 1), and returns
    /// what each pair received until ffmpeg exited and the sockets ran dry.
    /// </summary>
    public static async Task<RtpCapture[]> CaptureRtpAsync(string arguments, int streams)
    {
        var sockets = new (Socket Rtp, Socket Rtcp)[streams];
        var urls = new object[streams];
        for (var i = 0; i < streams; i++)
        {
            sockets[i] = BindPair();
            urls[i] = $"rtp://127.0.0.1:{((IPEndPoint)sockets[i].Rtp.LocalEndPoint!).Port}?pkt_size=1200";
        }

        var captures = new RtpCapture[streams];
        var receivers = new List<Task>();
        var senderDone = new StrongBox<bool>();
        for (var i = 0; i < streams; i++)
        {
            captures[i] = new RtpCapture([], []);
            receivers.Add(ReceiveAsync(sockets[i].Rtp, captures[i].Rtp, senderDone));
            receivers.Add(ReceiveAsync(sockets[i].Rtcp, captures[i].Rtcp, senderDone));
        }

        try
        {
            var (exit, error) = await RunAsync("ffmpeg", "-hide_banner -loglevel error -nostdin " + string.Format(System.Globalization.CultureInfo.InvariantCulture, arguments, urls));
            Assert.True(exit == 0, $"ffmpeg failed ({exit}): {error}");
        }
        finally
        {
            // ffmpeg has exited: what it sent is in the sockets' buffers; the receivers stop when those run dry.
            Volatile.Write(ref senderDone.Value, true);
            await Task.WhenAll(receivers);
            foreach (var (rtp, rtcp) in sockets)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        return captures;
    }

    /// <summary>Runs a tool to completion; returns its exit code and standard error.</summary>
    public static async Task<(int ExitCode, string Error)> RunAsync(string tool, string arguments, string? stdoutFile = null)
    {
        var start = new ProcessStartInfo(tool, arguments)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(ProcessDeadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {arguments} still running after {ProcessDeadline}; stderr so far: {await stderr}");
        }

        if (stdoutFile is not null)
        {
            await File.WriteAllTextAsync(stdoutFile, await stdout);
        }

        return (process.ExitCode, (await stderr).Trim());
    }

    /// <summary>Runs ffprobe -count_frames on a file and returns its JSON (streams with codec, size, frame count, start; format duration).</summary>
    public static async Task<ProbeResult> ProbeAsync(string path)
    {
        var json = Path.GetTempFileName();
        try
        {
            var (exit, error) = await RunAsync(
                "ffprobe",
                $"-v error -count_frames -show_entries stream=codec_name,codec_type,width,height,nb_read_frames,start_time:format=duration -of json \"{path}\"",
                json);
            Assert.True(exit == 0, $"ffprobe failed ({exit}): {error}");
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var streams = new List<ProbeStream>();
            foreach (var stream in document.RootElement.GetProperty("streams").EnumerateArray())
            {
                streams.Add(new ProbeStream(
                    stream.GetProperty("codec_name").GetString()!,
                    stream.GetProperty("codec_type").GetString()!,
                    stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0,
                    stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0,
                    stream.TryGetProperty("nb_read_frames", out var n) ? int.Parse(n.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : 0,
                    stream.TryGetProperty("start_time", out var s) ? double.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : double.NaN));
            }

            var format = document.RootElement.GetProperty("format");
            var duration = format.TryGetProperty("duration", out var d) ? double.Parse(d.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : double.NaN;
            return new ProbeResult(streams, duration, error);
        }
        finally
        {
            File.Delete(json);
        }
    }

    /// <summary>Decodes a whole file with ffmpeg (-f null) and returns what it printed at level error: empty when it decodes cleanly.</summary>
    public static async Task<string> DecodeErrorsAsync(string path)
    {
        // -enc_time_base -1: decode into the container's own time base (1 ms for WebM). By default ffmpeg re-times frames
        // to 1/frame-rate for the null muxer, and a valid file whose frames sit half a frame off that grid (a segment
        // after a reconnect gap) rounds two frames to one tick: "non monotonically increasing dts" about a file with
        // strictly increasing times. In the container's base only a real repeat is reported.
        var (exit, error) = await RunAsync("ffmpeg", $"-hide_banner -nostdin -v error -i \"{path}\" -enc_time_base -1 -f null -");
        return exit == 0 ? error : $"exit {exit}: {error}";
    }

    private static (Socket Rtp, Socket Rtcp) BindPair()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var rtp = NewSocket();
            rtp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            var rtcp = NewSocket();
            try
            {
                rtcp.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                return (rtp, rtcp);
            }
            catch (SocketException)
            {
                rtp.Dispose();
                rtcp.Dispose();
            }
        }

        throw new InvalidOperationException("no free UDP port pair on loopback");
    }

    private static Socket NewSocket() =>
        new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 * 1024 * 1024, ReceiveTimeout = 250 };

    private static Task ReceiveAsync(Socket socket, List<Arrival> into, StrongBox<bool> senderDone) => Task.Run(() =>
    {
        var buffer = new byte[65_536];
        while (true)
        {
            try
            {
                var length = socket.Receive(buffer);
                into.Add(new Arrival(Stopwatch.GetTimestamp(), buffer[..length]));
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                // Quiet while ffmpeg runs (encoder start-up) is normal; quiet after it exited means the socket ran dry.
                if (Volatile.Read(ref senderDone.Value))
                {
                    return;
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    });
}

/// <summary>One stream as ffprobe saw it.</summary>
internal sealed record ProbeStream(string Codec, string Type, int Width, int Height, int Frames, double StartTime);

/// <summary>ffprobe's view of a file.</summary>
internal sealed record ProbeResult(List<ProbeStream> Streams, double Duration, string Errors)
{
    public ProbeStream Stream(string type) => Streams.Single(s => s.Type == type);
}
