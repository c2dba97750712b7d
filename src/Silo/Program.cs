using Authz.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.AddAuthzSilo(builder.Configuration));
using var host = builder.Build();
SiloConfiguration.LogStorageMode(host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Authz.Silo"));
await host.RunAsync();
