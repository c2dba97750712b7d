using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class UnitsService(IGrainFactory grains) : Units.UnitsBase
{
    public override async Task<Unit> CreateUnit(CreateUnitRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var unitId = Ids.Optional(request.UnitId, "unit_id");
        var displayName = DisplayText.Require(request.DisplayName, "display_name");
        var parentId = Ids.Optional(request.ParentUnitId, "parent_unit_id");
        return (await organization.CreateUnitAsync(unitId, displayName, parentId)).ToApi(request.OrganizationId);
    }

    public override async Task<Unit> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var unitId = Ids.Require(request.UnitId, "unit_id");
        return (await organization.GetUnitAsync(unitId)).ToApi(request.OrganizationId);
    }

    public override async Task<Unit> RenameUnit(RenameUnitRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var unitId = Ids.Require(request.UnitId, "unit_id");
        var displayName = DisplayText.Require(request.DisplayName, "display_name");
        return (await organization.RenameUnitAsync(unitId, displayName)).ToApi(request.OrganizationId);
    }

    public override async Task<DeleteUnitResponse> DeleteUnit(DeleteUnitRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        await organization.DeleteUnitAsync(Ids.Require(request.UnitId, "unit_id"));
        return new DeleteUnitResponse();
    }

    public override async Task<ListUnitsResponse> ListUnits(ListUnitsRequest request, ServerCallContext context)
    {
        var units = await grains.Organization(request.OrganizationId).ListUnitsAsync();
        return new ListUnitsResponse { Units = { units.Select(unit => unit.ToApi(request.OrganizationId)) } };
    }
}
