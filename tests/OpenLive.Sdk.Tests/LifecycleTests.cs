using OpenLive.Core.Errors;
using OpenLive.Testing;

namespace OpenLive.Sdk.Tests;

/// <summary>The SDK's own guards: arguments, lifecycle (AVContext), threads, network.</summary>
public sealed class LifecycleTests(SharedServer shared) : IClassFixture<SharedServer>
{
    private TestServer Server => shared.Server;

    [Fact]
    public void NullOptions_Is8005_AndBadOptions_Are8021()
    {
        Assert.True(Assert.Throws<LiveException>(() => new LiveClient(null!)).Is(ILiveErrorCode.NullPointer));
        Assert.True(Assert.Throws<LiveException>(() => new LiveClient(new LiveClientOptions { SdkAppId = 1 })).Is(ILiveErrorCode.InvalidParam));
        Assert.True(Assert.Throws<LiveException>(() => new LiveClient(new LiveClientOptions { ServerUrl = new Uri("ftp://x"), SdkAppId = 1 })).Is(ILiveErrorCode.InvalidParam));
        Assert.True(Assert.Throws<LiveException>(() => new LiveClient(new LiveClientOptions { ServerUrl = new Uri("http://x") })).Is(ILiveErrorCode.InvalidParam));
    }

    [Fact]
    public async Task NullOrEmptyArguments_Are8005And8021()
    {
        await using var client = Server.NewClient();
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync(null!, "s"))).Is(ILiveErrorCode.NullPointer));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("u", null!))).Is(ILiveErrorCode.NullPointer));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("", "s"))).Is(ILiveErrorCode.InvalidParam));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.RenewUserSigAsync(null!))).Is(ILiveErrorCode.NullPointer));
    }

    [Fact]
    public async Task CallsBeforeLogin_Are8009()
    {
        await using var client = Server.NewClient();
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.LogoutAsync())).Is(ILiveErrorCode.NotLogin));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.RenewUserSigAsync("s"))).Is(ILiveErrorCode.NotLogin));
        Assert.True((await Assert.ThrowsAsync<LiveException>(() => client.GetTinyIdAsync("x"))).Is(ILiveErrorCode.NotLogin));
    }

    [Fact]
    public async Task StoppedClient_Is1101()
    {
        var client = await Server.LoggedInClientAsync("stopper");
        await client.StopAsync();
        Assert.False(client.IsLoggedIn);
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("stopper", Server.Sig("stopper")));
        Assert.Equal(("AVSDK", 1101), (e.Module, e.Code));
        await client.DisposeAsync();
    }

    [Fact]
    public async Task UnreachableServer_Is8012()
    {
        await using var client = new LiveClient(new LiveClientOptions { ServerUrl = new Uri($"http://127.0.0.1:{TestServer.FreePort()}"), SdkAppId = Server.AppId });
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("nobody", Server.Sig("nobody")));
        Assert.True(e.Is(ILiveErrorCode.NetUndefine), e.Message);
        Assert.Equal(ConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task CancelledCall_Is8007()
    {
        await using var client = Server.NewClient();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var e = await Assert.ThrowsAsync<LiveException>(() => client.LoginAsync("canceller", Server.Sig("canceller"), cancelled.Token));
        Assert.True(e.Is(ILiveErrorCode.UserCancel), e.Message);
    }

    [Fact]
    public async Task ThreadAffinity_OtherContext_Is1007()
    {
        LiveClient? client = null;
        var context = new SingleThreadContext();
        await context.RunAsync(() => client = Server.NewClient(o => o.ThreadAffinity = true));
        try
        {
            var e = await Assert.ThrowsAsync<LiveException>(() => client!.LoginAsync("affine", Server.Sig("affine")));
            Assert.Equal(("AVSDK", 1007), (e.Module, e.Code));
            await context.RunAsync(() => client!.LoginAsync("affine", Server.Sig("affine")));
            Assert.True(client!.IsLoggedIn);
        }
        finally
        {
            await client!.DisposeAsync();
            context.Dispose();
        }
    }

    /// <summary>A SynchronizationContext with one worker thread, standing in for a UI thread.</summary>
    private sealed class SingleThreadContext : SynchronizationContext, IDisposable
    {
        private readonly System.Collections.Concurrent.BlockingCollection<(SendOrPostCallback, object?)> _queue = [];
        private readonly Thread _thread;

        public SingleThreadContext()
        {
            _thread = new Thread(() =>
            {
                SetSynchronizationContext(this);
                foreach (var (callback, state) in _queue.GetConsumingEnumerable())
                {
                    callback(state);
                }
            }) { IsBackground = true };
            _thread.Start();
        }

        public override void Post(SendOrPostCallback d, object? state) => _queue.Add((d, state));

        public Task RunAsync(Action action) => RunAsync(() => { action(); return Task.CompletedTask; });

        public Task RunAsync(Func<Task> action)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Post(async _ =>
            {
                try
                {
                    await action();
                    done.SetResult();
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }, null);
            return done.Task;
        }

        public void Dispose()
        {
            _queue.CompleteAdding();
            _queue.Dispose();
        }
    }
}
