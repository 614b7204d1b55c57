using CsCheck;
using OpenLive.Server.Application.Egress;

namespace OpenLive.Server.Tests.Application.Egress;

/// <summary>
/// The names live HLS is written and served under (<see cref="LiveOutputPaths"/>): every id gets a name the edge
/// accepts, different ids never share one, and no accepted name leads out of the HLS directory.
/// </summary>
public sealed class LiveOutputsPathsTests
{
    private static readonly Gen<string> HostileText =
        Gen.Char["./\\%:\0 ~aZ09_-ü😀"].Array[1, 40].Select(c => new string(c));

    [Fact]
    public void EveryId_GetsASafeName_ThatNoOtherIdGets() =>
        Gen.Select(HostileText, HostileText).Sample((a, b) =>
        {
            if (System.Text.Encoding.UTF8.GetByteCount(a) > 64 || System.Text.Encoding.UTF8.GetByteCount(b) > 64)
            {
                return true;
            }

            var (nameA, nameB) = (LiveOutputPaths.NameOf(a), LiveOutputPaths.NameOf(b));
            return LiveOutputPaths.IsSafeName(nameA) && LiveOutputPaths.IsSafeName(nameB) && (a == b) == (nameA == nameB);
        });

    [Fact]
    public void NoAcceptedNames_LeaveTheHlsDirectory() =>
        Gen.Select(HostileText, HostileText, HostileText).Sample((room, member, file) =>
        {
            if (!LiveOutputPaths.IsSafeName(room) || !LiveOutputPaths.IsSafeName(member) || !LiveOutputPaths.IsServedFileName(file))
            {
                return true;
            }

            const string root = "/srv/hls";
            return Path.GetFullPath(Path.Join(root, "1400000001", room, member, file)).StartsWith(root + "/", StringComparison.Ordinal);
        });

    [Theory]
    [InlineData("index.m3u8", true)]
    [InlineData("init.mp4", true)]
    [InlineData("init-0a9z.mp4", true)]
    [InlineData("seg-12.m4s", true)]
    [InlineData("seg-0a9z-12.m4s", true)]
    [InlineData("seg-0a9z-12.m4s.tmp", false)]
    [InlineData("seg-.m4s", false)]
    [InlineData("seg-A-1.m4s", false)]
    [InlineData("init-.mp4", false)]
    [InlineData("index.m3u8.tmp", false)]
    [InlineData("../index.m3u8", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    public void OnlyFfmpegsHlsFileNames_AreServed(string file, bool served) =>
        Assert.Equal(served, LiveOutputPaths.IsServedFileName(file));

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".2e2")] // hex of an odd length
    [InlineData(".2E2E")] // upper case: NameOf writes lower
    [InlineData("a.b")]
    [InlineData("")]
    public void NamesNameOfNeverMakes_AreRefused(string name) => Assert.False(LiveOutputPaths.IsSafeName(name));
}
