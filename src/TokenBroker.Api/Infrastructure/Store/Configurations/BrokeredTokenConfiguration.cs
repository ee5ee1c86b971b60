using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class BrokeredTokenConfiguration : IEntityTypeConfiguration<BrokeredToken>
{
    public void Configure(EntityTypeBuilder<BrokeredToken> builder)
    {
        builder.HasKey(t => t.TokenIdHash);
        builder.Property(t => t.TokenIdHash).HasMaxLength(32);
        builder.Property(t => t.AppId).HasMaxLength(Limits.Id);
        builder.Property(t => t.EndpointId).HasMaxLength(Limits.Id);
        builder.Property(t => t.RoleId).HasMaxLength(Limits.Id);
        builder.HasOne<App>().WithMany().HasForeignKey(t => t.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.AppId);
        builder.HasIndex(t => t.ExpiryTime);
    }
}
