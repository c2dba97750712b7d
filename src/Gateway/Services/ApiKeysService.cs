using Authz.Api.V1;
using Authz.Gateway.Security;
using Authz.Grains;
using Authz.Grains.ApiKeys;
using Authz.Grains.Domain;
using Grpc.Core;

namespace Authz.Gateway.Services;

public sealed class ApiKeysService(IGrainFactory grains, ApiKeyCache cache) : Authz.Api.V1.ApiKeys.ApiKeysBase
{
    public const int MaxOrganizationsPerKey = 10_000;

    public override async Task<CreateApiKeyResponse> CreateApiKey(CreateApiKeyRequest request, ServerCallContext context)
    {
        var organizationIds = Ids.RequireList(request.OrganizationIds, "organization_ids", 1, MaxOrganizationsPerKey, Ids.Require)
            .Order(StringComparer.Ordinal).ToArray();
        var displayName = DisplayText.Require(request.DisplayName, "display_name");
        await Task.WhenAll(organizationIds.Select(organizationId => grains.Organization(organizationId).GetAsync()));
        var (keyId, secret) = ApiKeyCredential.Create();
        var key = await grains.ApiKey(keyId)
            .CreateAsync(displayName, organizationIds, ApiKeyCredential.Hash(secret), context.GetCaller().Describe());
        await Task.WhenAll(organizationIds.Select(organizationId => grains.Organization(organizationId).AddApiKeyAsync(keyId)));
        return new CreateApiKeyResponse { Key = key.ToApi(), Secret = ApiKeyCredential.Format(keyId, secret) };
    }

    public override async Task<ListApiKeysResponse> ListApiKeys(ListApiKeysRequest request, ServerCallContext context)
    {
        var keyIds = await grains.Organization(request.OrganizationId).ListApiKeysAsync();
        var keys = await Task.WhenAll(keyIds.Select(keyId => grains.ApiKey(keyId).FindAsync()));
        var caller = context.GetCaller();
        return new ListApiKeysResponse { Keys = { keys.OfType<Grains.Domain.ApiKey>().Select(key => key.SeenBy(caller, request.OrganizationId).ToApi()) } };
    }

    public override async Task<Authz.Api.V1.ApiKey> RevokeApiKey(RevokeApiKeyRequest request, ServerCallContext context)
    {
        var organizationId = GrainKeys.Organization(request.OrganizationId);
        var keyId = Ids.Require(request.KeyId, "key_id");
        var caller = context.GetCaller();
        var revoked = await grains.ApiKey(keyId).RevokeAsync(caller, organizationId);
        cache.Forget(keyId);
        return revoked.SeenBy(caller, organizationId).ToApi();
    }
}
