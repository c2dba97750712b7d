namespace Authz.Grains.Domain;

[GenerateSerializer, Alias("authz.Plan")]
public enum Plan
{
    Standard = 1,
    Advanced = 2,
    Enterprise = 3,
}

[GenerateSerializer, Alias("authz.AddOn")]
public enum AddOn
{
    DataGovernance = 1,
}

[GenerateSerializer, Alias("authz.OrganizationStructure")]
public enum OrganizationStructure
{
    Flat = 1,
    Hierarchical = 2,
}

[GenerateSerializer, Alias("authz.PermissionKind")]
public enum PermissionKind
{
    Admin = 1,
    Application = 2,
}

[GenerateSerializer, Alias("authz.UserStatus")]
public enum UserStatus
{
    NotActivated = 1,
    Active = 2,
    Suspended = 3,
    /// <summary>Kept as a tombstone so the id is never reused and the audit log still names the user (USR-7).</summary>
    Deleted = 4,
}
