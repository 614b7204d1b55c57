using OpenLive.Fuzz.Afl;

// The coverage-guided harness's command line; benchmarks/fuzz.sh (afl mode) is the usual way in.
return AflHarness.Run(args, Console.Out, Console.Error);
