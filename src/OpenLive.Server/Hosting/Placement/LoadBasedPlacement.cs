using Orleans.Placement;

namespace OpenLive.Server.Hosting.Placement;

/// <summary>
/// Places a new activation on the least-loaded compatible node by <see cref="NodeLoadBoard"/>'s figures
/// (<see cref="LoadBasedPlacementDirector"/>). Rooms use it: a room's grain is where its media lives, so a room created
/// or taken over after a node's loss lands on the node with the most room for it.
/// </summary>
public sealed class LoadBasedPlacement : PlacementStrategy;

/// <summary>Marks a grain class for <see cref="LoadBasedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
internal sealed class LoadBasedPlacementAttribute() : PlacementAttribute(new LoadBasedPlacement());
