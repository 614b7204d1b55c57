namespace OpenLive.Server.Hosting.Placement;

/// <summary>
/// The cluster's node scores as this node last read them (<see cref="NodeLoadBoard"/>), and the choice of a node for a
/// new room: the lowest score among the compatible nodes, ties at random. Each choice reserves a room's weight (2: the
/// room and its first member) on the chosen node for <see cref="ReservationLifetime"/> — longer than a board refresh
/// plus the chosen node's next publication — so a burst of rooms placed from this node spreads instead of piling onto
/// the node that looked lightest when the scores were read.
/// </summary>
internal sealed class NodeLoadTable(TimeProvider time)
{
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(3);
    private const double RoomWeight = 2;

    private readonly Lock _gate = new();
    private readonly List<(SiloAddress Silo, long At)> _reservations = [];
    private Dictionary<SiloAddress, double> _scores = [];

    public NodeLoadTable()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Replaces the scores (the board's refresh).</summary>
    public void Apply(Dictionary<SiloAddress, double> scores)
    {
        lock (_gate)
        {
            _scores = scores;
        }
    }

    /// <summary>The score a node has here (its last published one, or the known nodes' average), reservations included.</summary>
    public double ScoreOf(SiloAddress silo)
    {
        lock (_gate)
        {
            return Score(silo, UnknownScore(), _time.GetTimestamp());
        }
    }

    /// <summary>The compatible node with the lowest score plus reservations (ties at random); reserves a room on it.</summary>
    public SiloAddress ChooseAndReserve(SiloAddress[] silos)
    {
        ArgumentOutOfRangeException.ThrowIfZero(silos.Length);
        if (silos.Length == 1)
        {
            return silos[0];
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _reservations.RemoveAll(r => _time.GetElapsedTime(r.At, now) > ReservationLifetime);
            var unknown = UnknownScore(silos);
            SiloAddress? best = null;
            var bestScore = double.MaxValue;
            var ties = 0;
            foreach (var silo in silos)
            {
                var score = Score(silo, unknown, now);
                if (score < bestScore - 1e-9)
                {
                    best = silo;
                    bestScore = score;
                    ties = 1;
                }
                else if (Math.Abs(score - bestScore) <= 1e-9 && Random.Shared.Next(++ties) == 0)
                {
                    best = silo; // reservoir sampling over the tied ones: each equally likely
                }
            }

            _reservations.Add((best!, now));
            return best!;
        }
    }

    private readonly TimeProvider _time = time;

    private double Score(SiloAddress silo, double unknown, long now) =>
        (_scores.TryGetValue(silo, out var published) ? published : unknown)
        + (RoomWeight * _reservations.Count(r => r.Silo.Equals(silo) && _time.GetElapsedTime(r.At, now) <= ReservationLifetime));

    /// <summary>What a node missing from the table is taken to carry: the average of the known ones among <paramref name="among"/> (0 when none).</summary>
    private double UnknownScore(SiloAddress[]? among = null)
    {
        var known = (among ?? [.. _scores.Keys]).Where(_scores.ContainsKey).Select(s => _scores[s]).ToArray();
        return known.Length > 0 ? known.Average() : 0;
    }
}
