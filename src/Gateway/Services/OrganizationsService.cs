using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class OrganizationsService(IGrainFactory grains) : Organizations.OrganizationsBase
{
    public override async Task<Organization> CreateOrganization(CreateOrganizationRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var displayName = Ids.RequireName(request.DisplayName, "display_name");
        var plan = request.Plan.ToDomain();
        var structure = request.Structure.ToDomain();
        var addOns = request.AddOns.Select(addOn => addOn.ToDomain()).ToArray();
        var profile = await organization.CreateAsync(displayName, plan, structure, addOns);
        return profile.ToApi();
    }

    public override async Task<Organization> GetOrganization(GetOrganizationRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).GetAsync()).ToApi();
}
