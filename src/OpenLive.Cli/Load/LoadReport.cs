using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OpenLive.Cli.Load;

/// <summary>
/// Writes the JSON lines. Members report from SDK and timer threads at once; one lock keeps every line whole and
/// in the order its "t" was taken. Each line is flushed, so a reader of a pipe sees it when it happens.
/// </summary>
internal sealed class LoadReport(TextWriter output, TimeProvider time)
{
    private readonly Lock _gate = new();

    public TimeProvider Time => time;

    public void Member(MemberLine line) => Write(line, LoadJson.Default.MemberLine, (l, t) => l with { T = t });

    public void State(StateLine line) => Write(line, LoadJson.Default.StateLine, (l, t) => l with { T = t });

    public void Media(MediaLine line) => Write(line, LoadJson.Default.MediaLine, (l, t) => l with { T = t });

    public void Frames(FramesLine line) => Write(line, LoadJson.Default.FramesLine, (l, t) => l with { T = t });

    public void Sent(SentLine line) => Write(line, LoadJson.Default.SentLine, (l, t) => l with { T = t });

    public void Chat(ChatLine line) => Write(line, LoadJson.Default.ChatLine, (l, t) => l with { T = t });

    public void Error(ErrorLine line) => Write(line, LoadJson.Default.ErrorLine, (l, t) => l with { T = t });

    public void Summary(SummaryLine line) => Write(line, LoadJson.Default.SummaryLine, (l, t) => l with { T = t });

    private void Write<T>(T line, JsonTypeInfo<T> type, Func<T, long, T> stamp)
    {
        lock (_gate)
        {
            var text = JsonSerializer.Serialize(stamp(line, time.GetUtcNow().ToUnixTimeMilliseconds()), type);
            try
            {
                output.WriteLine(text);
                output.Flush();
            }
            catch (IOException)
            {
                // The reader went away (a closed pipe): the run goes on until it is stopped; there is no one to tell.
            }
        }
    }
}
