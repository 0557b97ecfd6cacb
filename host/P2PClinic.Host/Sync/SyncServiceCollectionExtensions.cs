using P2PClinic.Sdk;
using P2PClinic.Sdk.Transport;
using P2PClinic.Sync;
using P2PClinic.Sync.Engine;

namespace P2PClinic.Host.Sync;

/// <summary>The sync engine in the node's container; it takes whichever transport and share-code service plugins registered.</summary>
internal static class SyncServiceCollectionExtensions
{
    public static IServiceCollection AddNodeSync(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = new SyncOptions();
            sp.GetRequiredService<IConfiguration>().GetSection("Sync").Bind(options);
            return options;
        });
        services.AddSingleton<ISyncOrgCatalog, SyncOrgCatalog>();
        services.AddSingleton(sp => new SyncEngine(
            sp.GetRequiredService<ISyncOrgCatalog>(),
            sp.GetRequiredService<IOrgDocuments>(),
            sp.GetServices<IPeerTransport>().FirstOrDefault(),
            sp.GetServices<IShareCodeRendezvous>().FirstOrDefault(),
            sp.GetRequiredService<SyncOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("P2PClinic.Sync")));
        return services;
    }
}
