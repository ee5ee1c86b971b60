using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> builder)
    {
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasMaxLength(Limits.Id);
        builder.Property(r => r.AppId).HasMaxLength(Limits.Id);
        builder.Property(r => r.Name).HasMaxLength(Limits.Name);
        builder.Property(r => r.Permissions).HasConversion(new StringListConverter(), StringListConverter.Comparer).HasMaxLength(Limits.PermissionList);
        builder.Property(r => r.Version).IsConcurrencyToken();

        // Role names are unique within an app: roleName may stand for roleId on the wire.
        builder.HasIndex(r => new { r.AppId, r.Name }).IsUnique();
    }
}
