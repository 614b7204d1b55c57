using System.Diagnostics.Metrics;

namespace OpenLive.Server.Observability;

/// <summary>
/// Reads Orleans' own activation count (instrument <c>orleans-catalog-activations</c> of meter
/// <c>Microsoft.Orleans</c>) so <c>/metrics</c> can show it as <c>openlive_grains_active</c> without exporting all of
/// Orleans' instruments. Orleans publishes it as an observable instrument (an absolute value, polled here at scrape
/// time); should a version publish it as an up-down counter, the deltas are summed instead. The listener hears every
/// silo in the process: a server runs one, tests that host several in one process see their sum.
/// </summary>
internal sealed class OrleansActivationCount : IDisposable
{
    private const string OrleansMeter = "Microsoft.Orleans";
    private const string ActivationsInstrument = "orleans-catalog-activations";

    private readonly MeterListener listener = new();
    private readonly Lock gate = new();
    private long value;
    private bool observable;

    public OrleansActivationCount()
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == OrleansMeter && instrument.Name == ActivationsInstrument)
            {
                observable = instrument.IsObservable;
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => Record(measurement));
        listener.SetMeasurementEventCallback<long>((_, measurement, _, _) => Record(measurement));
        listener.Start();
    }

    public long Read()
    {
        lock (gate)
        {
            if (observable)
            {
                value = 0;
                listener.RecordObservableInstruments();
            }

            return value;
        }
    }

    public void Dispose() => listener.Dispose();

    private void Record(long measurement)
    {
        // Observable: one measurement per silo catalog, summed into the reset total; counter: a delta.
        Interlocked.Add(ref value, measurement);
    }
}
