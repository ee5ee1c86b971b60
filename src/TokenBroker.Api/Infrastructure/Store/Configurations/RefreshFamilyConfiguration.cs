using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class RefreshFamilyConfiguration : IEntityTypeConfiguration<RefreshFamily>
{
    public void Configure(EntityTypeBuilder<RefreshFamily> builder)
    {
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).HasMaxLength(64);
        builder.Property(f => f.AppId).HasMaxLength(Limits.Id);
        builder.Property(f => f.UserId).HasMaxLength(Limits.Id);
        builder.HasOne<App>().WithMany().HasForeignKey(f => f.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
