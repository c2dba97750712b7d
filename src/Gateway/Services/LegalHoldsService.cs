using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Content;
using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using LegalHold = Authz.Api.V1.LegalHold;

namespace Authz.Gateway.Services;

public sealed class LegalHoldsService(IGrainFactory grains) : Authz.Api.V1.LegalHolds.LegalHoldsBase
{
    public override async Task<LegalHold> PlaceLegalHold(PlaceLegalHoldRequest request, ServerCallContext context)
    {
        var holds = Holds(request.OrganizationId);
        var holdId = Ids.Optional(request.HoldId, "hold_id") ?? Ids.NewId();
        var name = DisplayText.Require(request.Name, "name");
        var userIds = Ids.RequireList(request.UserIds, "user_ids", 1, Grains.Domain.LegalHolds.MaxUsersPerHold, Ids.Require);
        return ToApi(await holds.PlaceAsync(holdId, name, userIds));
    }

    public override async Task<ReleaseLegalHoldResponse> ReleaseLegalHold(ReleaseLegalHoldRequest request, ServerCallContext context)
    {
        await Holds(request.OrganizationId).ReleaseAsync(Ids.Require(request.HoldId, "hold_id"));
        return new ReleaseLegalHoldResponse();
    }

    public override async Task<ListLegalHoldsResponse> ListLegalHolds(ListLegalHoldsRequest request, ServerCallContext context) =>
        new() { Holds = { (await Holds(request.OrganizationId).ListAsync()).Select(ToApi) } };

    private ILegalHoldsGrain Holds(string organizationId) => grains.LegalHolds(organizationId);

    private static LegalHold ToApi(Grains.Domain.LegalHold hold) => new()
    {
        HoldId = hold.HoldId, Name = hold.Name, UserIds = { hold.UserIds }, CreateTime = Timestamp.FromDateTimeOffset(hold.CreateTime),
    };
}
