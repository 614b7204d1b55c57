using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(OpenLive.Benchmarks.Auth.UserSigBenchmarks).Assembly).Run(args);
