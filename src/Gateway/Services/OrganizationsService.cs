using Authz.Api.V1;
using Authz.Gateway.Security;
using Authz.Grains;
using Authz.Grains.Domain;
using Officers = Authz.Api.V1.Officers;
using OrganizationSettings = Authz.Api.V1.OrganizationSettings;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class OrganizationsService(IGrainFactory grains) : Organizations.OrganizationsBase
{
    public override async Task<Organization> CreateOrganization(CreateOrganizationRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var displayName = DisplayText.Require(request.DisplayName, "display_name");
        var plan = request.Plan.ToDomain();
        var structure = request.Structure.ToDomain();
        var addOns = request.AddOns.Select(addOn => addOn.ToDomain()).ToArray();
        var administrator = request.Administrator?.ToDomain("administrator") ?? throw DomainException.Invalid("administrator", "administrator is required");
        var legal = request.LegalRepresentative?.ToDomain("legal_representative");
        var super = request.SuperAdministrator?.ToDomain("super_administrator");
        var profile = await organization.CreateAsync(displayName, plan, structure, addOns, administrator, legal, super);
        return profile.ToApi();
    }

    public override async Task<Organization> GetOrganization(GetOrganizationRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).GetAsync()).ToApi();

    public override async Task<OrganizationSettings> GetSettings(GetSettingsRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).GetSettingsAsync()).ToApi(request.OrganizationId);

    public override async Task<OrganizationSettings> UpdateSettings(UpdateSettingsRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var proposed = (request.Settings ?? new OrganizationSettings()).ToDomain();
        var paths = request.UpdateMask?.Paths.ToArray() ?? [];
        var settings = await organization.UpdateSettingsAsync(proposed, paths, context.GetCaller().Email);
        return settings.ToApi(request.OrganizationId);
    }

    public override async Task<Officers> GetOfficers(GetOfficersRequest request, ServerCallContext context) =>
        (await grains.Organization(request.OrganizationId).GetOfficersAsync()).ToApi(request.OrganizationId);

    public override async Task<Officers> SetOfficers(SetOfficersRequest request, ServerCallContext context)
    {
        var organization = grains.Organization(request.OrganizationId);
        var officers = Authz.Grains.Domain.Officers.Of(request.LegalRepresentativeUserIds, request.SuperAdministratorUserIds);
        return (await organization.SetOfficersAsync(officers.LegalRepresentatives, officers.SuperAdministrators)).ToApi(request.OrganizationId);
    }
}
