using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Domain;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Authz.Gateway.Services;

/// <summary>The <c>Support</c> configuration section: the contacts administrators see.</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    public string Email { get; set; } = "";

    public string Url { get; set; } = "";

    public string Phone { get; set; } = "";
}

public sealed class BillingService(IGrainFactory grains, IOptions<SupportOptions> support) : Billing.BillingBase
{
    public override Task<BillingSummary> GetBilling(GetBillingRequest request, ServerCallContext context) =>
        SummaryAsync(request.OrganizationId, licenses: null);

    public override async Task<BillingSummary> AddLicenses(AddLicensesRequest request, ServerCallContext context) =>
        await SummaryAsync(request.OrganizationId, await grains.Organization(request.OrganizationId).AddLicensesAsync(request.Count));

    public override async Task<SupportContacts> GetSupportContacts(GetSupportContactsRequest request, ServerCallContext context)
    {
        await grains.Organization(request.OrganizationId).GetAsync();
        return new SupportContacts { Email = support.Value.Email, Url = support.Value.Url, Phone = support.Value.Phone };
    }

    private async Task<BillingSummary> SummaryAsync(string organizationId, int? licenses)
    {
        var organization = grains.Organization(organizationId);
        var profile = (await organization.GetAsync()).ToApi();
        var users = await grains.UserDirectory(organizationId).CountByStatusAsync();
        return new BillingSummary
        {
            OrganizationId = organizationId,
            Plan = profile.Plan,
            AddOns = { profile.AddOns },
            Licenses = licenses ?? await organization.GetLicensesAsync(),
            Users = users.Where(pair => pair.Key != UserStatus.Deleted).Sum(pair => pair.Value),
        };
    }
}
