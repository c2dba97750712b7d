using Authz.Api.V1;
using Authz.Grains.Export;
using Authz.Tests.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Authz.Tests.Api;

[Collection(GatewayCollection.Name)]
public sealed class ExportAndWatchTests(GatewayFixture gateway)
{
    private static async Task<TestOrganization> OrganizationAsync(GatewayFixture gateway)
    {
        var organization = await TestOrganization.CreateAsync(gateway);
        await organization.PermissionAsync("doc.read", "doc.write");
        await organization.RoleAsync("reader", "doc.read");
        await organization.RoleAsync("writer", "doc.write");
        await organization.UnitAsync("hq");
        await organization.UnitAsync("branch", "hq");
        await organization.UnitAsync("desk", "branch");
        await organization.UnitAsync("annex");
        await organization.UserAsync("ada", "Ada", "Lovelace");
        await organization.UserAsync("bob", "Bob", "Babbage");
        return organization;
    }

    private static async Task<List<string[]>> ExportAsync(TestOrganization organization, ExportAssignmentsRequest request)
    {
        request.OrganizationId = organization.Id;
        request.RevisionToken = organization.Revision;
        using var call = organization.Gateway.Assignments.ExportAssignments(request);
        using var file = new MemoryStream();
        var first = true;
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            Assert.Equal(first, chunk.FileName.Length > 0);
            Assert.Equal(first ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "", chunk.ContentType);
            first = false;
            chunk.Data.WriteTo(file);
        }

        file.Position = 0;
        var sheet = WorkbookReader.Read(file)[AccessWorkbook.AccessesSheet];
        Assert.Equal(AccessWorkbook.Headers, sheet[0]);
        return sheet.Skip(1).ToList();
    }

    /// <summary>The rows the export must hold, from the assignment listing: user, unit, role, inherited, origin.</summary>
    private static async Task<string[]> ExpectedRowsAsync(TestOrganization organization, ListAssignmentsRequest filter)
    {
        filter.OrganizationId = organization.Id;
        filter.PageSize = 1000;
        filter.RevisionToken = organization.Revision;
        var assignments = await organization.Gateway.Assignments.ListAssignmentsAsync(filter);
        return assignments.Assignments.SelectMany(assignment => assignment.Roles.Select(role =>
            $"{assignment.UserId}|{assignment.UnitId}|{role.RoleId}|{(assignment.InheritedFromUnitId.Length > 0 ? "yes" : "no")}|{assignment.InheritedFromUnitId}")).ToArray();
    }

    private static string[] Summary(IEnumerable<string[]> rows) => rows.Select(row => $"{row[0]}|{row[3]}|{row[5]}|{row[7]}|{row[8]}").ToArray();

    [Fact, Trait("Rule", "ASG-6")]
    public async Task ASG6_the_export_holds_one_row_per_user_unit_and_role_with_inheritance_and_origin()
    {
        var organization = await OrganizationAsync(gateway);
        await organization.AssignAsync("ada", "hq", "reader", "writer");
        await organization.InheritAsync("ada", "hq", InheritanceMode.Replace);
        await organization.AssignAsync("bob", "annex", "reader");
        var until = DateTimeOffset.UtcNow.AddDays(30);
        organization.Wrote(await gateway.Assignments.AssignRolesAsync(new AssignRolesRequest
        {
            OrganizationId = organization.Id, UserId = "bob", UnitId = "desk", RoleIds = { "writer" }, ValidUntil = Timestamp.FromDateTimeOffset(until),
        }));

        var all = await ExportAsync(organization, new ExportAssignmentsRequest { Scope = ExportScope.All });
        var selection = await ExportAsync(organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection, UnitIds = { "branch", "desk" } });
        var ada = await ExportAsync(organization, new ExportAssignmentsRequest { Scope = ExportScope.User, UserId = "ada" });

        Assert.Equal(await ExpectedRowsAsync(organization, new ListAssignmentsRequest()), Summary(all));
        Assert.Equal(8, all.Count);
        Assert.Contains("ada|desk|reader|yes|hq", Summary(all));
        Assert.Contains("bob|annex|reader|no|", Summary(all));
        var bobAtDesk = all.Single(row => row[0] == "bob" && row[3] == "desk");
        Assert.Equal(["bob", "bob@example.org", "Bob Babbage", "desk", "Unit desk", "writer", "Role writer", "no", "", "", "", until.UtcDateTime.ToString(AccessWorkbook.TimestampFormat, System.Globalization.CultureInfo.InvariantCulture)], bobAtDesk);
        Assert.Equal("Unit hq", all.First(row => row[8] == "hq")[9]);
        Assert.Equal(await ExpectedRowsAsync(organization, new ListAssignmentsRequest { UnitIds = { "branch", "desk" } }), Summary(selection));
        Assert.Equal(await ExpectedRowsAsync(organization, new ListAssignmentsRequest { UserIds = { "ada" } }), Summary(ada));
        Assert.All(ada, row => Assert.Equal("ada", row[0]));
    }

    [Fact, Trait("Rule", "ASG-6")]
    public async Task ASG6_an_export_without_a_scope_or_of_an_unknown_unit_is_refused()
    {
        var organization = await OrganizationAsync(gateway);

        var noScope = await Rpc.StatusAsync(() => ExportAsync(organization, new ExportAssignmentsRequest()));
        var emptySelection = await Rpc.StatusAsync(() => ExportAsync(organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection }));
        var unknown = await Rpc.StatusAsync(() => ExportAsync(organization, new ExportAssignmentsRequest { Scope = ExportScope.Selection, UnitIds = { "nowhere" } }));

        Assert.Equal(StatusCode.InvalidArgument, noScope);
        Assert.Equal(StatusCode.InvalidArgument, emptySelection);
        Assert.Equal(StatusCode.NotFound, unknown);
    }

    [Fact, Trait("Rule", "CHK-5")]
    public async Task CHK5_watch_streams_the_assignment_changes_inherited_copies_included_from_a_revision()
    {
        var organization = await OrganizationAsync(gateway);
        var start = await organization.AssignAsync("ada", "hq", "reader");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = gateway.Assignments.Watch(new WatchRequest { OrganizationId = organization.Id, RevisionToken = start.RevisionToken }, cancellationToken: cancel.Token);

        await organization.InheritAsync("ada", "hq", InheritanceMode.Keep);
        await organization.RemoveAsync("ada", "hq", "reader");

        var seen = new List<(string Unit, string Holding)>();
        var tokens = new List<string>();
        while (seen.Count < 6 && await watch.ResponseStream.MoveNext(cancel.Token))
        {
            var change = watch.ResponseStream.Current;
            tokens.Add(change.RevisionToken);
            seen.Add((change.Assignment.UnitId, $"{string.Join(",", change.Assignment.Roles.Select(role => role.RoleId))}<{change.Assignment.InheritedFromUnitId}"));
        }

        string[] Of(string unit) => seen.Where(change => change.Unit == unit).Select(change => change.Holding).ToArray();
        Assert.Equal(("hq", "reader<"), seen[0]);
        Assert.Equal(["reader<", "<"], Of("hq"));
        Assert.Equal(["reader<hq", "<"], Of("branch"));
        Assert.Equal(["reader<hq", "<"], Of("desk"));
        Assert.Empty(Of("annex"));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }

    [Fact, Trait("Rule", "CHK-5")]
    public async Task Watch_events_name_each_role_by_its_display_name()
    {
        var organization = await OrganizationAsync(gateway);
        var start = await organization.AssignAsync("bob", "hq", "writer");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var watch = gateway.Assignments.Watch(new WatchRequest { OrganizationId = organization.Id, RevisionToken = start.RevisionToken }, cancellationToken: cancel.Token);

        await organization.AssignAsync("ada", "annex", "reader");
        Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));

        var role = watch.ResponseStream.Current.Assignment.Roles.Single();
        Assert.Equal(("reader", "Role reader"), (role.RoleId, role.DisplayName));
    }
}
