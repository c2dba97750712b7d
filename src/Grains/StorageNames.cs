namespace Authz.Grains;

/// <summary>Names of the providers the grains use; the silo registers providers under these names.</summary>
public static class StorageNames
{
    /// <summary>Grain state of organizations, units and users.</summary>
    public const string Authz = "authz";

    /// <summary>The stream provider for fan-out messages.</summary>
    public const string Streams = "authz-streams";
}
