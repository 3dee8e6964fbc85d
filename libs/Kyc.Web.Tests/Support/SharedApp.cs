using Xunit;

namespace Kyc.Web.Tests.Support;

/// <summary>One started <see cref="TestApp"/> shared by the test classes of the <see cref="SharedAppCollection"/>.</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public TestApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await TestApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "shared test app";
}
