using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class RefreshTokenConfiguration : IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<RefreshToken> builder)
    {
        builder.HasKey(t => t.TokenHash);
        builder.Property(t => t.TokenHash).HasMaxLength(32);
        builder.Property(t => t.FamilyId).HasMaxLength(64);
        builder.Property(t => t.AppId).HasMaxLength(Limits.Id);
        builder.Property(t => t.UserId).HasMaxLength(Limits.Id);
        builder.Property(t => t.Scope).HasMaxLength(512);
        builder.Property(t => t.AccessTokenJti).HasMaxLength(64);
        builder.HasOne<App>().WithMany().HasForeignKey(t => t.AppId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.ExpiresAt);

        // Read with the token from its family (StoreReader), not stored per token: revoking a
        // family is one row. FamilyId has no index: an index keyed by family put every refresh's
        // entry on a different page (families are random), the largest part of a refresh's writes.
        builder.Ignore(t => t.RevokedAt);
    }
}
