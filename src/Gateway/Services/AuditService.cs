using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Audit;
using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class AuditService(IGrainFactory grains) : Audit.AuditBase
{
    private const int DefaultPageSize = 100;

    public override async Task<ListAuditEventsResponse> ListAuditEvents(ListAuditEventsRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        await organization.GetAsync();
        var userId = Ids.Optional(request.UserId, "user_id");
        if (userId is not null)
        {
            await grains.User(request.OrganizationId, userId).GetAsync();
        }

        var pageSize = PageToken.Size(request.PageSize, DefaultPageSize);
        var page = await grains.AuditLog(request.OrganizationId).ListAsync(userId, request.PageToken, pageSize);
        return new ListAuditEventsResponse
        {
            Events =
            {
                page.Entries.Select(entry => new AuditEvent
                {
                    Sequence = entry.Sequence,
                    Time = Timestamp.FromDateTimeOffset(entry.Time),
                    Actor = entry.Record.Actor,
                    Action = entry.Record.Action,
                    Target = entry.Record.Target,
                    RequestId = entry.Record.RequestId,
                    Outcome = entry.Record.Outcome,
                    Detail = entry.Record.Detail,
                }),
            },
            NextPageToken = page.NextPageToken ?? "",
        };
    }
}
