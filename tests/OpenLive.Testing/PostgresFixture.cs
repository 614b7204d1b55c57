using Xunit;

namespace OpenLive.Testing;

/// <summary>A PostgreSQL cluster shared by the tests of a class.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await PostgresServer.StartAsync().ConfigureAwait(false);

    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>The OpenLive server with its messages in a PostgreSQL cluster of its own.</summary>
public sealed class PostgresBackedServer : IAsyncLifetime
{
    public PostgresServer Postgres { get; private set; } = null!;

    public TestServer Server { get; private set; } = null!;

    public string[] Args => ["--OpenLive:Store:Messages=postgres", $"--OpenLive:Store:PostgresConnectionString={Postgres.ConnectionString}"];

    public async ValueTask InitializeAsync()
    {
        Postgres = await PostgresServer.StartAsync().ConfigureAwait(false);
        Server = await TestServer.StartAsync(null, Args).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => Teardown.StopAsync(Server, Postgres);
}
