using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class AdminKeyConfiguration : IEntityTypeConfiguration<AdminKey>
{
    public void Configure(EntityTypeBuilder<AdminKey> builder)
    {
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(Limits.Id);
        builder.Property(k => k.KeyHash).HasMaxLength(32);
        builder.Property(k => k.Label).HasMaxLength(Limits.Name);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
