using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Microblog.Data;

/// <summary>Maps the schema that the FluentMigrator migrations in <c>Migrations/</c> create; EF never creates tables.</summary>
public class MicroblogDbContext(DbContextOptions<MicroblogDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<int>, int>(options), IDataProtectionKeyContext
{
    public DbSet<Post> Posts => Set<Post>();
    public DbSet<Follow> Follows => Set<Follow>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<BackgroundTask> BackgroundTasks => Set<BackgroundTask>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);

        // The snake_case convention renames columns but not Identity's explicit table and index names.
        b.Entity<AppUser>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.NormalizedUserName).HasDatabaseName("ix_users_normalized_user_name");
            e.HasIndex(u => u.NormalizedEmail).HasDatabaseName("ix_users_normalized_email");
            e.Property(u => u.AboutMe).HasMaxLength(AppUser.AboutMeMaxLength);
        });
        b.Entity<IdentityRole<int>>(e =>
        {
            e.ToTable("roles");
            e.HasIndex(r => r.NormalizedName).HasDatabaseName("ix_roles_normalized_name");
        });
        b.Entity<IdentityUserRole<int>>().ToTable("user_roles");
        b.Entity<IdentityUserClaim<int>>().ToTable("user_claims");
        b.Entity<IdentityUserLogin<int>>().ToTable("user_logins");
        b.Entity<IdentityUserToken<int>>().ToTable("user_tokens");
        b.Entity<IdentityRoleClaim<int>>().ToTable("role_claims");

        b.Entity<Post>(e =>
        {
            e.ToTable("posts");
            e.Property(p => p.Body).HasMaxLength(Post.BodyMaxLength);
            e.HasIndex(p => p.Timestamp);
            e.HasOne(p => p.Author).WithMany(u => u.Posts).HasForeignKey(p => p.UserId);
        });
        b.Entity<Follow>(e =>
        {
            e.ToTable("followers");
            e.HasKey(f => new { f.FollowerId, f.FollowedId });
            e.HasOne(f => f.Follower).WithMany(u => u.Following).HasForeignKey(f => f.FollowerId);
            e.HasOne(f => f.Followed).WithMany(u => u.Followers).HasForeignKey(f => f.FollowedId);
        });
        b.Entity<Message>(e =>
        {
            e.ToTable("messages");
            e.Property(m => m.Body).HasMaxLength(Message.BodyMaxLength);
            e.HasOne(m => m.Sender).WithMany().HasForeignKey(m => m.SenderId);
            e.HasOne(m => m.Recipient).WithMany().HasForeignKey(m => m.RecipientId);
        });
        b.Entity<Notification>(e =>
        {
            e.ToTable("notifications");
            e.Property(n => n.Name).HasMaxLength(128);
            e.Property(n => n.TaskId).HasMaxLength(36);
            e.HasIndex(n => new { n.UserId, n.Name, n.TaskId }).IsUnique();
            e.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId);
        });
        b.Entity<BackgroundTask>(e =>
        {
            e.ToTable("tasks");
            e.Property(t => t.Id).HasMaxLength(36).ValueGeneratedNever();
            e.Property(t => t.Name).HasMaxLength(128);
            e.Property(t => t.Description).HasMaxLength(128);
            e.Property(t => t.Error).HasMaxLength(BackgroundTask.ErrorMaxLength);
            e.Property(t => t.State).HasMaxLength(16);
            e.Property(t => t.Message).HasMaxLength(BackgroundTask.MessageMaxLength);
            e.Property(t => t.Queue).HasMaxLength(128);
            e.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId);
        });
        b.Entity<DataProtectionKey>().ToTable("data_protection_keys");
    }
}
