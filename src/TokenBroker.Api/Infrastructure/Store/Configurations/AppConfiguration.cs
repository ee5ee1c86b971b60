using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class AppConfiguration : IEntityTypeConfiguration<App>
{
    public void Configure(EntityTypeBuilder<App> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(Limits.Id);
        builder.Property(a => a.Name).HasMaxLength(Limits.Name);
        builder.Property(a => a.SecretHash).HasMaxLength(32);
        builder.Property(a => a.RedirectUris).HasConversion(new StringListConverter(), StringListConverter.Comparer).HasMaxLength(Limits.UriList);
        builder.Property(a => a.TurnUris).HasConversion(new StringListConverter(), StringListConverter.Comparer).HasMaxLength(Limits.UriList);
        builder.Property(a => a.TurnSecretProtected).HasMaxLength(Limits.Protected);
        builder.Property(a => a.AgoraAppId).HasMaxLength(32);
        builder.Property(a => a.AgoraCertificateProtected).HasMaxLength(Limits.Protected);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasIndex(a => a.CreatedAt);
        builder.HasMany(a => a.Roles).WithOne(r => r.App).HasForeignKey(r => r.AppId).OnDelete(DeleteBehavior.Cascade);
    }
}
