using System.Text;
using CsCheck;
using OpenLive.Rtc.Sdp;
using static OpenLive.Rtc.Tests.Sdp.SdpTestText;

namespace OpenLive.Rtc.Tests.Sdp;

/// <summary>
/// Property tests: whatever text arrives, the parser answers with a result and never throws; whatever it accepts,
/// it writes back to text that parses to the same description.
/// </summary>
public sealed class SdpFuzzTests
{
    private static readonly string[] FixtureLines = [.. FixtureTexts().SelectMany(Lines).Distinct()];

    private static readonly string[] Fixtures = FixtureTexts();

    /// <summary>Parses; when accepted, checks that write → parse gives the same description and the same text.</summary>
    private static bool ParseNeverThrows_AndIsStable(string text)
    {
        if (!SessionDescription.TryParse(text, out var parsed, out var error))
        {
            Assert.False(string.IsNullOrEmpty(error));
            return false;
        }

        var written = parsed.ToString();
        Assert.True(SessionDescription.TryParse(written, out var again, out error), $"{error}\n{written}");
        StructuralAssert.Equal(parsed, again);
        Assert.Equal(written, again.ToString());
        return true;
    }

    [Fact]
    public void RandomCharacters_NeverThrow() =>
        Gen.Char["vosictbmkarzeup=:/ 0123456789\r\n\t-*~;,.xyzASVP"].Array[0, 400].Select(c => new string(c))
            .Sample(text => { ParseNeverThrows_AndIsStable(text); }, iter: 3000);

    [Fact]
    public void RandomUnicode_NeverThrows() =>
        Gen.String.Sample(text => { ParseNeverThrows_AndIsStable(text); }, iter: 1000);

    [Fact]
    public void RandomLinesFromFixtures_NeverThrow()
    {
        var accepted = 0;
        Gen.Int[0, FixtureLines.Length - 1].Array[0, 60]
            .Select(picks => "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + string.Concat(picks.Select(i => FixtureLines[i] + "\r\n")))
            .Sample(text =>
            {
                if (ParseNeverThrows_AndIsStable(text))
                {
                    Interlocked.Increment(ref accepted);
                }
            }, iter: 1000, threads: 1);

        // Enough of them parse for the write-back half of the property to be exercised too.
        Assert.InRange(accepted, 50, 1000);
    }

    [Fact]
    public void MutatedFixtures_NeverThrow()
    {
        var accepted = 0;
        Gen.Select(Gen.Int[0, Fixtures.Length - 1], Gen.Int.Array[1, 6])
            .Sample((fixture, seeds) =>
            {
                if (ParseNeverThrows_AndIsStable(Mutate(Fixtures[fixture], seeds)))
                {
                    Interlocked.Increment(ref accepted);
                }
            }, iter: 3000, threads: 1);
        Assert.InRange(accepted, 300, 3000);
    }

    [Fact]
    public void TruncatedFixtures_NeverThrow()
    {
        foreach (var fixture in Fixtures)
        {
            var text = Crlf(fixture);
            for (var cut = 0; cut < text.Length; cut += 7)
            {
                ParseNeverThrows_AndIsStable(text[..cut]);
            }
        }
    }

    /// <summary>Deletes, duplicates, swaps or inserts lines, or replaces, inserts or drops a character.</summary>
    private static string Mutate(string fixture, int[] seeds)
    {
        var lines = Lines(fixture).ToList();
        foreach (var seed in seeds)
        {
            var random = new Random(seed);
            var at = random.Next(lines.Count);
            switch (random.Next(7))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[at]);
                    break;
                case 2:
                    (lines[at], lines[^1]) = (lines[^1], lines[at]);
                    break;
                case 3:
                    lines.Insert(at, FixtureLines[random.Next(FixtureLines.Length)]);
                    break;
                default:
                    lines[at] = MutateCharacter(lines[at], random);
                    break;
            }

            if (lines.Count == 0)
            {
                break;
            }
        }

        return new StringBuilder().AppendJoin("\r\n", lines).Append("\r\n").ToString();
    }

    private static string MutateCharacter(string line, Random random)
    {
        const string Alphabet = " :/=;,~*-.0123456789aAz\t\r\u00e9\u0000";
        var position = random.Next(line.Length + 1);
        var c = Alphabet[random.Next(Alphabet.Length)];
        return random.Next(3) switch
        {
            0 when position < line.Length => string.Concat(line.AsSpan(0, position), c.ToString(), line.AsSpan(position + 1)),
            1 => line.Insert(position, c.ToString()),
            _ when position < line.Length => line.Remove(position, 1),
            _ => line + c,
        };
    }
}
