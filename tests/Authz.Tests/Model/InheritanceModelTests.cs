using Authz.Grains;
using Authz.Grains.Domain;
using Authz.Grains.Units;

namespace Authz.Tests.Model;

/// <summary>
/// Random operations applied both to the grains (unit grains fanning changes out over streams) and to the plain
/// <see cref="ReferenceModel"/>; after the fan-out settles, every holding and every (user, unit, permission) answer
/// must be the same. Seeded: set AUTHZ_MODEL_SEED to replay one seed; the seed is in every failure message.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class InheritanceModelTests(ClusterFixture fixture)
{
    private const int Operations = 600;
    private const int UserCount = 20;
    private static readonly string[] Permissions = ["p0", "p1", "p2", "p3", "p4", "p5"];
    private static readonly string[] RoleIds = ["r0", "r1", "r2", "r3", "r4"];

    public static TheoryData<int> Seeds() =>
        Environment.GetEnvironmentVariable("AUTHZ_MODEL_SEED") is { } seed ? new TheoryData<int>(int.Parse(seed, System.Globalization.CultureInfo.InvariantCulture)) : new TheoryData<int>(20261123, 7);

    [Theory, MemberData(nameof(Seeds)), Trait("Rule", "INH-2"), Trait("Rule", "INH-3"), Trait("Rule", "INH-6"), Trait("Rule", "INH-7"), Trait("Rule", "INH-8"), Trait("Rule", "INH-9")]
    public async Task Random_operations_leave_the_grains_agreeing_with_the_reference_model(int seed)
    {
        var run = new Run(fixture, seed);
        await run.SetUpAsync();
        for (var i = 0; i < Operations; i++)
        {
            await run.StepAsync(i);
            if (i % 150 == 149)
            {
                await run.CompareAsync($"after operation {i}");
            }
        }

        await run.CompareAsync("at the end");
        Assert.True(run.Refused < Operations / 2, $"seed {seed}: {run.Refused} of {Operations} operations were refused; the generator should mostly make valid ones");
    }

    private sealed class Run(ClusterFixture fixture, int seed)
    {
        private readonly Random _random = new(seed);
        private readonly ReferenceModel _model = new(hierarchical: true);
        private readonly string _organization = $"model-{seed}-{Guid.NewGuid():N}"[..40];
        private readonly List<string> _log = [];
        private readonly List<RevisionToken> _written = [];
        private int _units;

        public int Refused { get; private set; }

        private IGrainFactory Grains => fixture.Grains;

        private DateTimeOffset Now => fixture.Time.GetUtcNow();

        public async Task SetUpAsync()
        {
            await Grains.Organization(_organization).CreateAsync("Model", Plan.Advanced, OrganizationStructure.Hierarchical, [],
                new NewUser("founder", "founder@example.org", "Founder", "F"), null, null);
            foreach (var permission in Permissions)
            {
                await Grains.Organization(_organization).CreatePermissionAsync(permission, "");
            }

            foreach (var role in RoleIds)
            {
                var permissions = RandomPermissions();
                await Grains.Organization(_organization).CreateRoleAsync(role, $"Role {role}", permissions);
                _model.DefineRole(role, permissions);
            }

            for (var i = 0; i < UserCount; i++)
            {
                await Grains.UserDirectory(_organization).CreateUserAsync($"u{i:D2}", $"u{i:D2}@example.org", "U", $"{i}");
            }

            // Three levels to start with: 2 roots, 3 children each, 2 grandchildren each.
            for (var root = 0; root < 2; root++)
            {
                var rootId = await AddUnitAsync(null);
                for (var child = 0; child < 3; child++)
                {
                    var childId = await AddUnitAsync(rootId);
                    for (var grandchild = 0; grandchild < 2; grandchild++)
                    {
                        await AddUnitAsync(childId);
                    }
                }
            }
        }

        public async Task StepAsync(int index)
        {
            var user = $"u{_random.Next(UserCount):D2}";
            var unit = _model.Units.ElementAt(_random.Next(_model.Units.Count()));
            var roll = _random.Next(100);
            switch (roll)
            {
                case < 30:
                    var roles = RandomRoles();
                    DateTimeOffset? until = _random.Next(5) == 0 ? Now.AddHours(_random.Next(1, 48)) : null;
                    await ApplyAsync(index, $"assign {user} {unit} [{string.Join(",", roles)}] until {until:O}",
                        () => _model.Assign(user, unit, roles, null, until),
                        () => UnitGrain(unit).AssignRolesAsync(user, roles, null, until));
                    break;
                case < 45:
                    var held = _model.RolesOf(user, unit);
                    var remove = held.Count > 0 && _random.Next(6) > 0 ? held.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(held[0]).ToArray() : RandomRoles();
                    await ApplyAsync(index, $"remove {user} {unit} [{string.Join(",", remove)}]",
                        () => _model.Remove(user, unit, remove),
                        () => UnitGrain(unit).RemoveRolesAsync(user, remove));
                    break;
                case < 62:
                    var replace = _random.Next(2) == 0;
                    await ApplyAsync(index, $"inherit {user} {unit} {(replace ? "replace" : "keep")}",
                        () => _model.SetInheritance(user, unit, replace),
                        () => UnitGrain(unit).SetInheritanceAsync(user, replace ? InheritanceMode.Replace : InheritanceMode.Keep));
                    break;
                case < 72:
                    await ApplyAsync(index, $"disinherit {user} {unit}",
                        () => _model.ClearInheritance(user, unit),
                        () => UnitGrain(unit).SetInheritanceAsync(user, null));
                    break;
                case < 84:
                    await ApplyAsync(index, $"break {user} {unit}",
                        () => _model.BreakInheritance(user, unit),
                        () => UnitGrain(unit).BreakInheritanceAsync(user));
                    break;
                case < 93:
                    if (_units < 40)
                    {
                        var parent = _model.Units.ElementAt(_random.Next(_model.Units.Count()));
                        await CatchUpAsync(parent);
                        _log.Add($"{index}: add unit under {parent}");
                        await AddUnitAsync(parent);
                    }

                    break;
                default:
                    var role = RoleIds[_random.Next(RoleIds.Length)];
                    var permissions = RandomPermissions();
                    _log.Add($"{index}: role {role} = [{string.Join(",", permissions)}]");
                    _model.DefineRole(role, permissions);
                    await Grains.Organization(_organization).SetRolePermissionsAsync(role, permissions);
                    _written.Add(new RevisionToken((await Grains.ChangeFeed(_organization).HeadAsync()).Revision));
                    break;
            }
        }

        public async Task CompareAsync(string when)
        {
            var token = RevisionToken.Combine(_written);
            var now = Now;
            foreach (var unit in _model.Units)
            {
                var grain = UnitGrain(unit);
                await grain.AwaitRevisionAsync(token);
                var checks = Enumerable.Range(0, UserCount).SelectMany(i => Permissions.Select(permission => new UserCheck($"u{i:D2}", permission))).ToArray();
                var outcomes = await grain.CheckManyAsync(checks);
                for (var i = 0; i < checks.Length; i++)
                {
                    var expected = _model.Check(checks[i].UserId, unit, checks[i].PermissionId, now);
                    Assert.True(expected == (outcomes[i] == CheckOutcome.Allowed),
                        Failure($"{when}: check {checks[i].UserId} {unit} {checks[i].PermissionId}: model {expected}, grains {outcomes[i]}"));
                }

                for (var i = 0; i < UserCount; i++)
                {
                    var user = $"u{i:D2}";
                    var entry = _model.Entry(user, unit);
                    var view = await grain.FindAssignmentAsync(user);
                    var expected = entry is null ? "none" : $"{string.Join(",", entry.Roles.Keys.Order(StringComparer.Ordinal))} from {entry.Origin ?? "-"} down {entry.InheritsDown}";
                    var actual = view is null ? "none" : $"{string.Join(",", view.Roles.Select(role => role.RoleId))} from {view.OriginUnitId ?? "-"} down {view.Inheritance is not null}";
                    Assert.True(expected == actual, Failure($"{when}: holding of {user} in {unit}: model '{expected}', grains '{actual}'"));
                }
            }
        }

        private async Task ApplyAsync(int index, string description, Action model, Func<Task<WriteResult>> grains)
        {
            var unit = description.Split(' ')[2];
            await CatchUpAsync(unit);
            RefusalKind? expected = null;
            try
            {
                model();
            }
            catch (ModelRefusal refusal)
            {
                expected = refusal.Kind;
            }

            DomainError? actual = null;
            try
            {
                _written.Add((await grains()).Token);
            }
            catch (DomainException error)
            {
                actual = error.Error;
            }

            _log.Add($"{index}: {description} -> model {expected?.ToString() ?? "ok"}, grains {actual?.ToString() ?? "ok"}");
            Refused += expected is null ? 0 : 1;
            Assert.True(expected?.ToString() == actual?.ToString(), Failure($"operation {index} ({description}): model {expected?.ToString() ?? "ok"}, grains {actual?.ToString() ?? "ok"}"));
        }

        private async Task CatchUpAsync(string unit) => await UnitGrain(unit).AwaitRevisionAsync(RevisionToken.Combine(_written));

        private async Task<string> AddUnitAsync(string? parent)
        {
            var unitId = $"n{_units++:D2}";
            _model.AddUnit(unitId, parent);
            await Grains.Organization(_organization).CreateUnitAsync(unitId, unitId, parent);
            return unitId;
        }

        private string[] RandomRoles() => RoleIds.Where(_ => _random.Next(3) == 0).DefaultIfEmpty(RoleIds[_random.Next(RoleIds.Length)]).ToArray();

        private string[] RandomPermissions() => Permissions.Where(_ => _random.Next(3) == 0).ToArray();

        private IUnitGrain UnitGrain(string unitId) => Grains.Unit(_organization, unitId);

        private string Failure(string what) => $"seed {seed}: {what}\nlast operations:\n{string.Join("\n", _log.TakeLast(25))}";
    }
}
