namespace Authz.Load.Workload;

/// <summary>A tenant's custom role; <paramref name="Permissions"/> are ascending permission indexes.</summary>
public sealed record WorkloadRole(int Index, string Id, int[] Permissions);

/// <summary>A role assigned in a unit; with <paramref name="Inherit"/> it also covers the unit's descendants.</summary>
public sealed record WorkloadBinding(int Role, int Unit, bool Inherit);

/// <summary>A user with one binding, or two whose coverages are disjoint.</summary>
public sealed record WorkloadUser(int Index, string Id, WorkloadBinding[] Bindings);
