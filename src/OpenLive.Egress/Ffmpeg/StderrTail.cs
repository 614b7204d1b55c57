namespace OpenLive.Egress.Ffmpeg;

/// <summary>
/// Reads an ffmpeg's stderr to its end and keeps only the last lines, each cut to <see cref="MaxLineLength"/>
/// characters and redacted (a stream key never reaches a log or an event): bounded whatever ffmpeg prints.
/// </summary>
internal sealed class StderrTail
{
    /// <summary>Longest line kept.</summary>
    public const int MaxLineLength = 512;

    // Raw characters collected per line before redaction: a line is redacted whole, then cut. When even this is
    // exceeded, the last URL-length characters are dropped too, so no partial key survives at the cut.
    private const int CollectLength = MaxLineLength + (4 * RtmpOutputTarget.MaxUrlLength);

    private readonly Queue<string> _lines = new();
    private readonly int _capacity;
    private readonly Func<string, string> _redact;
    private readonly Action<string> _onLine;

    public StderrTail(int capacity, Func<string, string> redact, Action<string> onLine)
    {
        _capacity = capacity;
        _redact = redact;
        _onLine = onLine;
    }

    /// <summary>The kept lines, oldest first.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The last kept line, or empty.</summary>
    public string LastLine
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "" : _lines.Last();
            }
        }
    }

    /// <summary>Reads <paramref name="reader"/> until its end (ffmpeg exited).</summary>
    public async Task ReadToEndAsync(TextReader reader)
    {
        var buffer = new char[4096];
        var line = new System.Text.StringBuilder(MaxLineLength);
        var truncated = false;
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    var c = buffer[i];
                    if (c is '\n' or '\r')
                    {
                        Flush(line, ref truncated);
                    }
                    else if (line.Length < CollectLength)
                    {
                        line.Append(c);
                    }
                    else
                    {
                        truncated = true;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone: what was read is kept.
        }

        Flush(line, ref truncated);
    }

    private void Flush(System.Text.StringBuilder line, ref bool truncated)
    {
        if (line.Length == 0)
        {
            return;
        }

        if (truncated)
        {
            line.Length -= RtmpOutputTarget.MaxUrlLength;
        }

        var text = _redact(line.ToString());
        if (truncated || text.Length > MaxLineLength)
        {
            text = string.Concat(text.AsSpan(0, Math.Min(text.Length, MaxLineLength)), "…");
        }

        line.Clear();
        truncated = false;
        lock (_lines)
        {
            if (_lines.Count == _capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(text);
        }

        _onLine(text);
    }
}
