using Authz.Grains.ApiKeys;
using Authz.Grains.Audit;
using Authz.Grains.Bulk;
using Authz.Grains.Changes;
using Authz.Grains.Content;
using Authz.Grains.Domain;
using Authz.Grains.Messaging;
using Authz.Grains.Organizations;
using Authz.Grains.Queries;
using Authz.Grains.Units;
using Authz.Grains.Users;

namespace Authz.Grains;

/// <summary>Grain references from request ids; every id is validated on the way (see <see cref="GrainKeys"/>).</summary>
public static class GrainFactoryExtensions
{
    public static IOrganizationGrain Organization(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IOrganizationGrain>(GrainKeys.Organization(organizationId));

    public static IOrganizationRegistryGrain OrganizationRegistry(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IOrganizationRegistryGrain>(GrainKeys.OrganizationRegistryShard(organizationId));

    public static IUserDirectoryGrain UserDirectory(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IUserDirectoryGrain>(GrainKeys.Organization(organizationId));

    public static IAccessQueryGrain AccessQueries(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IAccessQueryGrain>(GrainKeys.Organization(organizationId));

    public static IBulkEditGrain BulkEdits(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IBulkEditGrain>(GrainKeys.Organization(organizationId));

    public static IChangeFeedGrain ChangeFeed(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IChangeFeedGrain>(GrainKeys.Organization(organizationId));

    public static IUnitGrain Unit(this IGrainFactory grains, string organizationId, string unitId) =>
        grains.GetGrain<IUnitGrain>(GrainKeys.Unit(organizationId, unitId));

    public static IUnitProtocolGrain UnitProtocol(this IGrainFactory grains, string organizationId, string unitId) =>
        grains.GetGrain<IUnitProtocolGrain>(GrainKeys.Unit(organizationId, unitId));

    public static IUserGrain User(this IGrainFactory grains, string organizationId, string userId) =>
        grains.GetGrain<IUserGrain>(GrainKeys.User(organizationId, userId));

    public static IAuditLogGrain AuditLog(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IAuditLogGrain>(GrainKeys.Organization(organizationId));

    public static IAuditSegmentGrain AuditSegment(this IGrainFactory grains, string organizationId, long index) =>
        grains.GetGrain<IAuditSegmentGrain>(GrainKeys.AuditSegment(organizationId, index));

    public static IOutboxGrain Outbox(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<IOutboxGrain>(GrainKeys.Organization(organizationId));

    public static ITeamFoldersGrain TeamFolders(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<ITeamFoldersGrain>(GrainKeys.Organization(organizationId));

    public static ILegalHoldsGrain LegalHolds(this IGrainFactory grains, string organizationId) =>
        grains.GetGrain<ILegalHoldsGrain>(GrainKeys.Organization(organizationId));

    public static IApiKeyGrain ApiKey(this IGrainFactory grains, string keyId) =>
        grains.GetGrain<IApiKeyGrain>(Ids.Require(keyId, "key_id"));
}
