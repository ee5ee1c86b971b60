using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenBroker.Api.Infrastructure.Store.Entities;

namespace TokenBroker.Api.Infrastructure.Store.Configurations;

internal sealed class BrokeredEndpointConfiguration : IEntityTypeConfiguration<BrokeredEndpoint>
{
    public void Configure(EntityTypeBuilder<BrokeredEndpoint> builder)
    {
        builder.ToTable("Endpoints");
        builder.HasKey(e => new { e.AppId, e.EndpointId });
        builder.Property(e => e.AppId).HasMaxLength(Limits.Id);
        builder.Property(e => e.EndpointId).HasMaxLength(Limits.Id);
        builder.HasOne<App>().WithMany().HasForeignKey(e => e.AppId).OnDelete(DeleteBehavior.Cascade);
    }
}
