using Authz.Api.V1;
using Authz.Gateway;
using Authz.Grains.Audit;
using Authz.Grains.Domain;
using Authz.Tests.Api;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;

namespace Authz.Tests.Security.Attacks;

/// <summary>
/// Finding 6: an anonymous SignIn with a 4 MB e-mail stored a 4 MB audit entry, and a page of such entries broke the
/// 4 MB message limit. Every string and list a request carries is bounded by its proto; audit entries are cut to
/// their bounds; an audit page has a byte budget.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class BoundsAttackTests(GatewayFixture gateway)
{
    private const string SignIn = "authz.v1.Sessions/SignIn";

    [Fact]
    public async Task An_anonymous_sign_in_with_a_4_MB_email_is_refused_before_it_is_read_and_a_large_one_stores_no_large_audit_entry()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        Task<StatusCode> SignInAsync(int emailLength) => Rpc.StatusAsync(async () => await gateway.Anonymous.Sessions.SignInAsync(
            new SignInRequest { OrganizationId = organization.Id, Email = new string('a', emailLength) + "@example.org", Password = "whatever-it-is" }));

        var huge = await SignInAsync(4_000_000);
        var eventsAfterHuge = (await gateway.Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id })).Events;
        var large = await SignInAsync(GatewayOptions.MaxRequestBytes - 4096);

        Assert.Equal(StatusCode.ResourceExhausted, huge);
        Assert.DoesNotContain(eventsAfterHuge, audit => audit.Action == SignIn);
        Assert.Equal(StatusCode.InvalidArgument, large);
        var page = await gateway.Operator.Audit.ListAuditEventsAsync(new ListAuditEventsRequest { OrganizationId = organization.Id });
        var signIn = Assert.Single(page.Events, audit => audit.Action == SignIn);
        Assert.InRange(signIn.Target.Length, 1, AuditRecord.MaxTargetLength);
        Assert.All(page.Events, AssertBounded);
    }

    [Fact]
    public async Task Every_string_and_list_over_its_declared_bound_gets_INVALID_ARGUMENT_naming_the_field_and_changes_nothing()
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.UnitAsync("u1");
        await organization.UserAsync("bob");
        await organization.PermissionAsync("docs.read");
        await organization.RoleAsync("r1", "docs.read");
        var ids = new Dictionary<string, string>
        {
            ["organization_id"] = organization.Id, ["organization_ids"] = organization.Id, ["user_id"] = "bob", ["unit_id"] = "u1",
            ["role_id"] = "r1", ["permission_id"] = "docs.read", ["from_user_id"] = "bob", ["to_user_id"] = TestOrganization.FirstAdministrator,
        };
        var before = await SnapshotAsync(organization.Id);
        var failures = new List<string>();
        var cases = 0;

        foreach (var bound in DeclaredBound.Of(RpcTable.Methods))
        {
            if (bound.MaxLength is { } maxLength)
            {
                var request = RpcTable.Request(bound.Method, ids);
                bound.SetString(request, new string('a', (int)maxLength + 1));
                failures.Add(await RefusalProblemAsync(bound, request, bound.Field.IsRepeated ? bound.Path + "[0]" : bound.Path));
                cases++;
            }

            if (bound.MaxItems is { } maxItems)
            {
                var request = RpcTable.Request(bound.Method, ids);
                bound.SetItems(request, (int)maxItems + 1);
                failures.Add(await RefusalProblemAsync(bound, request, bound.Path));
                cases++;
            }
        }

        failures.RemoveAll(problem => problem.Length == 0);
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases} cases failed:\n{string.Join('\n', failures)}");
        Assert.True(cases > 150, $"only {cases} cases ran");
        Assert.Equal(before, await SnapshotAsync(organization.Id));
        Assert.All(await AllAuditEventsAsync(organization.Id), AssertBounded);
    }

    [Fact]
    public async Task An_audit_page_of_large_entries_stays_within_the_byte_budget_and_pages_on()
    {
        const int Seeded = 700;
        var organization = await TestOrganization.CreateAsync(gateway);
        // Four UTF-8 bytes a character, past every bound.
        var large = string.Concat(Enumerable.Repeat("\U0001F600", 600));
        var log = gateway.Grains.GetGrain<IAuditLogGrain>(organization.Id);
        await Task.WhenAll(Enumerable.Range(0, Seeded).Select(_ => log.AppendAsync(new AuditRecord(large, large, large, large, large, large, large, large))));

        var sequences = new List<long>();
        var pages = 0;
        var token = "";
        do
        {
            var page = await gateway.Operator.Audit.ListAuditEventsAsync(
                new ListAuditEventsRequest { OrganizationId = organization.Id, PageSize = 1000, PageToken = token });
            Assert.InRange(page.CalculateSize(), 1, AuditPage.MaxBytes);
            Assert.All(page.Events, AssertBounded);
            sequences.AddRange(page.Events.Select(audit => audit.Sequence));
            token = page.NextPageToken;
            pages++;
        }
        while (token.Length > 0);

        Assert.True(pages > 1, "the budget never cut a page short");
        Assert.True(sequences.Count > Seeded);
        Assert.Equal(Enumerable.Range(1, sequences.Count).Reverse().Select(sequence => (long)sequence), sequences);
    }

    private static void AssertBounded(AuditEvent audit)
    {
        Assert.InRange(audit.Actor.Length, 0, AuditRecord.MaxActorLength);
        Assert.InRange(audit.Action.Length, 0, AuditRecord.MaxActionLength);
        Assert.InRange(audit.Target.Length, 0, AuditRecord.MaxTargetLength);
        Assert.InRange(audit.RequestId.Length, 0, Ids.MaxIdLength);
        Assert.InRange(audit.Outcome.Length, 0, AuditRecord.MaxOutcomeLength);
        Assert.InRange(audit.Detail.Length, 0, AuditRecord.MaxDetailLength);
    }

    /// <summary>Empty when the call was refused with INVALID_ARGUMENT and a BadRequest naming <paramref name="field"/>.</summary>
    private async Task<string> RefusalProblemAsync(DeclaredBound bound, IMessage request, string field)
    {
        var error = await RpcTable.ErrorAsync(gateway.Operator.Invoker, bound.Method, request);
        if (error?.StatusCode != StatusCode.InvalidArgument)
        {
            return $"{bound} over its bound: expected INVALID_ARGUMENT on '{field}', got {error?.StatusCode.ToString() ?? "OK"} ({error?.Status.Detail})";
        }

        var named = error.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(violation => violation.Field).ToArray() ?? [];
        return named.Contains(field) ? "" : $"{bound} over its bound: BadRequest names [{string.Join(", ", named)}] instead of '{field}'";
    }

    private async Task<List<AuditEvent>> AllAuditEventsAsync(string organizationId)
    {
        var events = new List<AuditEvent>();
        var token = "";
        do
        {
            var page = await gateway.Operator.Audit.ListAuditEventsAsync(
                new ListAuditEventsRequest { OrganizationId = organizationId, PageSize = 1000, PageToken = token });
            events.AddRange(page.Events);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return events;
    }

    private Task<string> SnapshotAsync(string organizationId) => OrganizationSnapshot.TakeAsync(gateway, organizationId);
}
