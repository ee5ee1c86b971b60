using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class RevokedTokenConfiguration : IEntityTypeConfiguration<RevokedToken>
{
    public void Configure(EntityTypeBuilder<RevokedToken> builder)
    {
        builder.HasKey(t => t.Sequence);
        builder.Property(t => t.Sequence).ValueGeneratedOnAdd();
        builder.Property(t => t.Jti).HasMaxLength(64);
        builder.Property(t => t.AppId).HasMaxLength(Limits.Id);
        builder.HasIndex(t => t.Jti).IsUnique();
        builder.HasIndex(t => t.ExpiresAt);
    }
}
