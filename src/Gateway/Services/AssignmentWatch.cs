using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Authz.Gateway.Services;

/// <summary>
/// One Watch stream (CHK-5): the organization's changes as the feed records them, a heartbeat carrying the head's
/// revision token whenever nothing was sent for <see cref="GatewayOptions.WatchHeartbeatInterval"/>, and an
/// UNAVAILABLE end as soon as the host starts stopping, so an open stream never holds up a shutdown and its client
/// resumes from the last token it saw.
/// </summary>
public sealed class AssignmentWatch(
    IGrainFactory grains, RevisionTokenCodec tokens, TimeProvider time, GatewayOptions options, IHostApplicationLifetime lifetime)
{
    public const string ShuttingDownMessage = "the server is shutting down; reconnect from your last revision";
    private const int PageSize = 500;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public async Task StreamAsync(WatchRequest request, IServerStreamWriter<AssignmentChange> stream, CancellationToken callCancelled)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(callCancelled, lifetime.ApplicationStopping);
        try
        {
            await StreamUntilCancelledAsync(request.OrganizationId, request.RevisionToken, stream, cancel.Token);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested && !callCancelled.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ShuttingDownMessage));
        }
    }

    private async Task StreamUntilCancelledAsync(string organizationId, string revisionToken, IServerStreamWriter<AssignmentChange> stream, CancellationToken cancel)
    {
        var organization = grains.Organization(organizationId);
        var feed = grains.ChangeFeed(organizationId);
        await organization.GetAsync();
        var after = tokens.Decode(organizationId, revisionToken)?.Revision ?? (await feed.HeadAsync()).Revision;
        var lastSent = time.GetTimestamp();
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var page = await feed.ReadAsync(after, PageSize);
            if (page.Changes.Length > 0)
            {
                var roles = await organization.GetRoleTableAsync();
                foreach (var change in page.Changes)
                {
                    await stream.WriteAsync(change.ToApi(organizationId, tokens, roles), cancel);
                    after = change.Revision;
                }

                lastSent = time.GetTimestamp();
                continue;
            }

            if (time.GetElapsedTime(lastSent) >= options.WatchHeartbeatInterval)
            {
                await stream.WriteAsync(Heartbeat(organizationId, page.Head), cancel);
                lastSent = time.GetTimestamp();
            }

            await Task.Delay(PollInterval, time, cancel);
        }
    }

    private AssignmentChange Heartbeat(string organizationId, long head) => new()
    {
        Heartbeat = true,
        RevisionToken = tokens.Encode(organizationId, new RevisionToken(head)),
        Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
    };
}
