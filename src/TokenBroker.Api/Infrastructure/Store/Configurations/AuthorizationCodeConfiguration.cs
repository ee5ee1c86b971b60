using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class AuthorizationCodeConfiguration : IEntityTypeConfiguration<AuthorizationCode>
{
    public void Configure(EntityTypeBuilder<AuthorizationCode> builder)
    {
        builder.HasKey(c => c.CodeHash);
        builder.Property(c => c.CodeHash).HasMaxLength(32);
        builder.Property(c => c.AppId).HasMaxLength(Limits.Id);
        builder.Property(c => c.UserId).HasMaxLength(Limits.Id);
        builder.Property(c => c.RedirectUri).HasMaxLength(Limits.Uri);
        builder.Property(c => c.CodeChallenge).HasMaxLength(128);
        builder.Property(c => c.Scope).HasMaxLength(512);
        builder.Property(c => c.Nonce).HasMaxLength(512);
        builder.Property(c => c.FamilyId).HasMaxLength(64);
        builder.HasOne<App>().WithMany().HasForeignKey(c => c.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => c.ExpiresAt);
    }
}
