using OpenLive.Server.Hosting;

await ServerHost.Build(args).RunAsync().ConfigureAwait(false);
