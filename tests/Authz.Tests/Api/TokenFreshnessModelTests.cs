using Authz.Api.V1;
using Authz.Tests.Model;
using Grpc.Core;

namespace Authz.Tests.Api;

/// <summary>
/// Random writes by two writers at units all over a tree (assignments, inheritance, role edits, user deletions), each
/// applied to the <see cref="ReferenceModel"/> too; after every write, readers that hold only the latest token of one
/// writer check random (user, unit, permission) triples through the gateway, views and grains alike. A read may see
/// later writes, never fewer: its answer must be the model's answer at its token's write or at a later one (CHK-4).
/// Seeded: set AUTHZ_MODEL_SEED to replay one seed; the seed is in every failure message.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class TokenFreshnessModelTests(GatewayFixture gateway)
{
    private const int Operations = 200;
    private const int ReadsPerOperation = 3;
    private static readonly string[] Users = ["u0", "u1", "u2", "u3", "u4", "u5"];
    private static readonly string[] PermissionIds = ["doc.p0", "doc.p1", "doc.p2", "doc.p3"];
    private static readonly string[] RoleIds = ["r0", "r1", "r2"];
    private static readonly (string Unit, string? Parent)[] Tree =
        [("a", null), ("a1", "a"), ("a11", "a1"), ("a12", "a1"), ("a2", "a"), ("a21", "a2"), ("b", null), ("b1", "b"), ("b11", "b1")];

    public static TheoryData<int> Seeds() =>
        Environment.GetEnvironmentVariable("AUTHZ_MODEL_SEED") is { } seed ? new TheoryData<int>(int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture)) : new TheoryData<int>(20261124, 11);

    [Theory, MemberData(nameof(Seeds)), Trait("Rule", "CHK-4")]
    public async Task No_read_with_a_token_is_older_than_the_writes_before_that_token(int seed)
    {
        var run = new Run(gateway.Operator, GatewayFixture.NewOrganizationId("fresh"), seed);
        await run.SetUpAsync();
        for (var i = 0; i < Operations; i++)
        {
            await run.StepAsync(i);
        }

        Assert.True(run.Reads > Operations, $"seed {seed}: only {run.Reads} reads were made");
    }

    private sealed class Run(ApiClients api, string organizationId, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly ReferenceModel _model = new(hierarchical: true);
        private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
        private readonly List<string> _log = [];

        /// <summary>The model's answer to every (user, unit, permission) after each write, oldest first.</summary>
        private readonly List<bool[]> _answers = [];

        /// <summary>Per writer, its latest token and the index in <see cref="_answers"/> of the write that answered it.</summary>
        private readonly (string Token, int Answers)[] _writers = [("", 0), ("", 0)];

        /// <summary>The user and unit of the latest write: reads favour them and the units below, where fan-out lags.</summary>
        private (string User, string Unit) _latest = (Users[0], Tree[0].Unit);

        public int Reads { get; private set; }

        public async Task SetUpAsync()
        {
            await api.Organizations.CreateOrganizationAsync(new CreateOrganizationRequest
            {
                OrganizationId = organizationId, DisplayName = "Fresh model", Plan = Plan.Advanced, Structure = Structure.Hierarchical,
                Administrator = new NewUser { UserId = "admin", Email = "admin@model.example", GivenName = "Ada", FamilyName = "Admin" },
            });
            foreach (var (unit, parent) in Tree)
            {
                _model.AddUnit(unit, parent);
                await api.Units.CreateUnitAsync(new CreateUnitRequest { OrganizationId = organizationId, UnitId = unit, DisplayName = unit, ParentUnitId = parent ?? "" });
            }

            foreach (var permission in PermissionIds)
            {
                await api.Permissions.CreatePermissionAsync(new CreatePermissionRequest { OrganizationId = organizationId, PermissionId = permission });
            }

            foreach (var role in RoleIds)
            {
                var permissions = RandomPermissions();
                _model.DefineRole(role, permissions);
                await api.Roles.CreateRoleAsync(new CreateRoleRequest { OrganizationId = organizationId, RoleId = role, DisplayName = role, PermissionIds = { permissions } });
            }

            foreach (var user in Users)
            {
                await api.Users.CreateUserAsync(new CreateUserRequest { OrganizationId = organizationId, UserId = user, Email = $"{user}@model.example", GivenName = user, FamilyName = "Model" });
            }

            _answers.Add(Answers());
        }

        public async Task StepAsync(int index)
        {
            var writer = _random.Next(_writers.Length);
            var user = Users[_random.Next(Users.Length)];
            var unit = Tree[_random.Next(Tree.Length)].Unit;
            var roll = _deleted.Contains(user) ? -1 : _random.Next(100);
            var roles = RandomRoles();
            var replace = _random.Next(2) == 0;
            var role = RoleIds[_random.Next(RoleIds.Length)];
            var permissions = RandomPermissions();
            var token = roll switch
            {
                < 0 => null,
                < 30 => await WriteAsync(index, $"assign {user} {unit} [{string.Join(",", roles)}]",
                    () => _model.Assign(user, unit, roles),
                    async () => (await api.Assignments.AssignRolesAsync(new AssignRolesRequest { OrganizationId = organizationId, UserId = user, UnitId = unit, RoleIds = { roles } })).RevisionToken),
                < 45 => await WriteAsync(index, $"remove {user} {unit} [{string.Join(",", roles)}]",
                    () => _model.Remove(user, unit, roles),
                    async () => (await api.Assignments.RemoveRolesAsync(new RemoveRolesRequest { OrganizationId = organizationId, UserId = user, UnitId = unit, RoleIds = { roles } })).RevisionToken),
                < 65 => await WriteAsync(index, $"inherit {user} {unit} {(replace ? "replace" : "keep")}",
                    () => _model.SetInheritance(user, unit, replace),
                    async () => (await api.Assignments.EnableInheritanceAsync(new EnableInheritanceRequest
                    {
                        OrganizationId = organizationId, UserId = user, UnitId = unit, Mode = replace ? InheritanceMode.Replace : InheritanceMode.Keep,
                    })).RevisionToken),
                < 80 => await WriteAsync(index, $"disinherit {user} {unit}",
                    () => _model.ClearInheritance(user, unit),
                    async () => (await api.Assignments.DisableInheritanceAsync(new DisableInheritanceRequest { OrganizationId = organizationId, UserId = user, UnitId = unit })).RevisionToken),
                < 88 => await WriteAsync(index, $"break {user} {unit}",
                    () => _model.BreakInheritance(user, unit),
                    async () => (await api.Assignments.BreakInheritanceAsync(new BreakInheritanceRequest { OrganizationId = organizationId, UserId = user, UnitId = unit })).RevisionToken),
                < 98 => await WriteAsync(index, $"role {role} = [{string.Join(",", permissions)}]",
                    () => _model.DefineRole(role, permissions),
                    async () => (await api.Roles.SetRolePermissionsAsync(new SetRolePermissionsRequest { OrganizationId = organizationId, RoleId = role, PermissionIds = { permissions } })).RevisionToken),
                _ => await DeleteUserAsync(index, user),
            };
            _answers.Add(Answers());
            _latest = (user, unit);
            if (token is not null)
            {
                _writers[writer] = (token, _answers.Count - 1);
            }

            for (var read = 0; read < ReadsPerOperation; read++)
            {
                await ReadAsync(index, _random.Next(_writers.Length));
            }
        }

        private async Task ReadAsync(int index, int writer)
        {
            var (token, since) = _writers[writer];
            var triple = _random.Next(2) == 0 ? _random.Next(Users.Length * Tree.Length * PermissionIds.Length) : Near(_latest);
            var (user, unit, permission) = Triple(triple);
            var allowed = (await api.Checks.CheckAsync(new CheckRequest
            {
                OrganizationId = organizationId, UserId = user, UnitId = unit, PermissionId = permission, RevisionToken = token,
            })).Allowed;
            Reads++;
            var possible = _answers.Skip(since).Select(answers => answers[triple]).ToHashSet();
            Assert.True(possible.Contains(allowed), Failure(
                $"operation {index}: check {user} {unit} {permission} with the token of writer {writer} (after answer {since} of {_answers.Count - 1}) answered {allowed}, older than its token"));
        }

        private async Task<string?> WriteAsync(int index, string description, Action model, Func<Task<string>> service)
        {
            RefusalKind? expected = null;
            try
            {
                model();
            }
            catch (ModelRefusal refusal)
            {
                expected = refusal.Kind;
            }

            string? token = null;
            StatusCode? actual = null;
            try
            {
                token = await service();
            }
            catch (RpcException error)
            {
                actual = error.StatusCode;
            }

            _log.Add($"{index}: {description} -> model {expected?.ToString() ?? "ok"}, service {actual?.ToString() ?? "ok"}");
            Assert.True(expected?.ToString() == actual?.ToString(), Failure($"operation {index} ({description}): model {expected?.ToString() ?? "ok"}, service {actual?.ToString() ?? "ok"}"));
            return token;
        }

        private async Task<string?> DeleteUserAsync(int index, string user)
        {
            _model.DeleteUser(user);
            _deleted.Add(user);
            await api.Users.DeleteUserAsync(new DeleteUserRequest { OrganizationId = organizationId, UserId = user });
            _log.Add($"{index}: delete {user}");
            return null;
        }

        private bool[] Answers()
        {
            var now = DateTimeOffset.UtcNow;
            var answers = new bool[Users.Length * Tree.Length * PermissionIds.Length];
            for (var i = 0; i < answers.Length; i++)
            {
                var (user, unit, permission) = Triple(i);
                answers[i] = _model.Check(user, unit, permission, now);
            }

            return answers;
        }

        /// <summary>A triple of <paramref name="latest"/>'s user at its unit or a unit below, with any permission.</summary>
        private int Near((string User, string Unit) latest)
        {
            var below = Enumerable.Range(0, Tree.Length).Where(i => IsAtOrBelow(Tree[i].Unit, latest.Unit)).ToArray();
            var unit = below[_random.Next(below.Length)];
            return Array.IndexOf(Users, latest.User) + (Users.Length * unit) + (Users.Length * Tree.Length * _random.Next(PermissionIds.Length));
        }

        private static bool IsAtOrBelow(string unit, string ancestor)
        {
            for (string? at = unit; at is not null; at = Tree.First(node => node.Unit == at).Parent)
            {
                if (at == ancestor)
                {
                    return true;
                }
            }

            return false;
        }

        private static (string User, string Unit, string Permission) Triple(int index) =>
            (Users[index % Users.Length], Tree[index / Users.Length % Tree.Length].Unit, PermissionIds[index / (Users.Length * Tree.Length)]);

        private string[] RandomRoles() => RoleIds.Where(_ => _random.Next(3) == 0).DefaultIfEmpty(RoleIds[_random.Next(RoleIds.Length)]).ToArray();

        private string[] RandomPermissions() => PermissionIds.Where(_ => _random.Next(3) == 0).ToArray();

        private string Failure(string what) => $"seed {seed}: {what}\nlast operations:\n{string.Join("\n", _log.TakeLast(25))}";
    }
}
