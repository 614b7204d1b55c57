using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenLive.Server.Hosting.Placement;

namespace OpenLive.Server.Tests.Hosting.Placement;

/// <summary>How a new room's node is chosen from the cluster's load scores.</summary>
public sealed class NodeLoadTableTests
{
    private static readonly SiloAddress A = Silo(1);
    private static readonly SiloAddress B = Silo(2);
    private static readonly SiloAddress C = Silo(3);

    private static SiloAddress Silo(int n) => SiloAddress.New(new IPEndPoint(IPAddress.Parse($"10.0.0.{n}"), 11111), n);

    [Fact]
    public void TheLeastLoadedNodeIsChosen()
    {
        var table = new NodeLoadTable(new FakeTimeProvider());
        table.Apply(new() { [A] = 30, [B] = 4, [C] = 12 });
        Assert.Equal(B, table.ChooseAndReserve([A, B, C]));
    }

    [Fact]
    public void EachChoiceReservesARoom_SoABurstSpreadsInsteadOfPilingOntoOneNode()
    {
        var table = new NodeLoadTable(new FakeTimeProvider());
        table.Apply(new() { [A] = 0, [B] = 0, [C] = 0 });
        var chosen = Enumerable.Range(0, 30).Select(_ => table.ChooseAndReserve([A, B, C])).ToList();
        Assert.Equal([10, 10, 10], new[] { A, B, C }.Select(s => chosen.Count(c => c.Equals(s))));
    }

    [Fact]
    public void AHeavilyLoadedNode_GetsNothingUntilTheOthersCatchUp()
    {
        var table = new NodeLoadTable(new FakeTimeProvider());
        table.Apply(new() { [A] = 20, [B] = 0 });
        var chosen = Enumerable.Range(0, 10).Select(_ => table.ChooseAndReserve([A, B])).ToList();
        Assert.All(chosen, c => Assert.Equal(B, c)); // B reaches 20 only with its tenth room
    }

    [Fact]
    public void ReservationsLapse_OnceTheChosenNodesOwnFiguresCountTheRoom()
    {
        var time = new FakeTimeProvider();
        var table = new NodeLoadTable(time);
        table.Apply(new() { [A] = 0, [B] = 1 });
        Assert.Equal(A, table.ChooseAndReserve([A, B]));
        Assert.Equal(2, table.ScoreOf(A)); // reserved
        time.Advance(NodeLoadTable.ReservationLifetime + TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, table.ScoreOf(A));
    }

    [Fact]
    public void ANodeMissingFromTheTable_IsTakenAsAverage_NotAsEmpty()
    {
        var table = new NodeLoadTable(new FakeTimeProvider());
        table.Apply(new() { [A] = 10, [B] = 20 });
        Assert.Equal(15, table.ScoreOf(C));
        Assert.Equal(A, table.ChooseAndReserve([A, B, C])); // a just-started node is not flooded before it reports
    }

    [Fact]
    public void OnlyCompatibleNodesAreChosen()
    {
        var table = new NodeLoadTable(new FakeTimeProvider());
        table.Apply(new() { [A] = 50, [B] = 0 });
        Assert.Equal(A, table.ChooseAndReserve([A]));
    }
}
