using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(Limits.Id);
        builder.Property(u => u.Email).HasMaxLength(Limits.Email);
        builder.Property(u => u.NormalizedEmail).HasMaxLength(Limits.Email);
        builder.Property(u => u.PasswordHash).HasMaxLength(512);
        builder.Property(u => u.Type).HasMaxLength(16);
        builder.Property(u => u.DisplayName).HasMaxLength(Limits.Name);
        builder.HasIndex(u => u.NormalizedEmail).IsUnique();
    }
}
