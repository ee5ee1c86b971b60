using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> builder)
    {
        builder.HasKey(m => new { m.AppId, m.UserId });
        builder.Property(m => m.AppId).HasMaxLength(Limits.Id);
        builder.Property(m => m.UserId).HasMaxLength(Limits.Id);
        builder.Property(m => m.RoleId).HasMaxLength(Limits.Id);
        builder.HasOne<App>().WithMany().HasForeignKey(m => m.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);

        // A role in use by members cannot be deleted out from under them.
        builder.HasOne<Role>().WithMany().HasForeignKey(m => m.RoleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.UserId);
        builder.HasIndex(m => m.RoleId);
    }
}
