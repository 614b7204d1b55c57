using Orleans.Runtime.Placement;

namespace OpenLive.Server.Hosting.Placement;

/// <summary>
/// Chooses the compatible node with the lowest load score on the board, ties broken at random; each choice is counted
/// on the chosen node's score here at once (<see cref="NodeLoadTable.ChooseAndReserve"/>) for a few seconds, so a
/// burst of rooms created through this node spreads over the cluster instead of piling onto the node that looked
/// lightest a second ago.
/// </summary>
internal sealed class LoadBasedPlacementDirector(NodeLoadTable table) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        return Task.FromResult(table.ChooseAndReserve(silos));
    }
}
