namespace TokenBroker.Api.Infrastructure.Store;

/// <summary>Column and input limits shared by the store and request validation (CONTRACT §1).</summary>
public static class Limits
{
    public const int Id = 255;
    public const int Name = 200;
    public const int Email = 254;
    public const int Uri = 2048;
    public const int MaxUris = 20;
    public const int UriList = 48 * 1024;
    public const int MaxPermissions = 100;
    public const int PermissionList = 8 * 1024;
    public const int Protected = 4096;
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 1024;
    public const int MinTtl = 60;
    public const int MaxAppTtl = 604800;
    public const int DefaultAppTtl = 86400;
    public const int MaxBodyBytes = 64 * 1024;
}
