using Authz.Api.V1;
using Authz.Grains;
using Authz.Grains.Content;
using Authz.Grains.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TeamFolder = Authz.Api.V1.TeamFolder;

namespace Authz.Gateway.Services;

public sealed class TeamFoldersService(IGrainFactory grains) : Authz.Api.V1.TeamFolders.TeamFoldersBase
{
    public override async Task<TeamFolder> CreateTeamFolder(CreateTeamFolderRequest request, ServerCallContext context)
    {
        var folders = Folders(request.OrganizationId);
        var folderId = Ids.Optional(request.FolderId, "folder_id") ?? Ids.NewId();
        var name = DisplayText.Require(request.Name, "name");
        return ToApi(await folders.CreateAsync(folderId, name));
    }

    public override async Task<DeleteTeamFolderResponse> DeleteTeamFolder(DeleteTeamFolderRequest request, ServerCallContext context)
    {
        await Folders(request.OrganizationId).DeleteAsync(Ids.Require(request.FolderId, "folder_id"));
        return new DeleteTeamFolderResponse();
    }

    public override async Task<TeamFolder> ArchiveTeamFolder(ArchiveTeamFolderRequest request, ServerCallContext context) =>
        ToApi(await Folders(request.OrganizationId).SetArchivedAsync(Ids.Require(request.FolderId, "folder_id"), request.Archived));

    public override async Task<ListTeamFoldersResponse> ListTeamFolders(ListTeamFoldersRequest request, ServerCallContext context) =>
        new() { Folders = { (await Folders(request.OrganizationId).ListAsync()).Select(ToApi) } };

    private ITeamFoldersGrain Folders(string organizationId) => grains.TeamFolders(organizationId);

    private static TeamFolder ToApi(Grains.Domain.TeamFolder folder) => new()
    {
        FolderId = folder.FolderId, Name = folder.Name, Archived = folder.Archived, CreateTime = Timestamp.FromDateTimeOffset(folder.CreateTime),
    };
}
