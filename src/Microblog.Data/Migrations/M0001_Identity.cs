using System.Data;
using FluentMigrator;
using FluentMigrator.Postgres;

namespace Microblog.Data.Migrations;

[Migration(1, "ASP.NET Core Identity tables (snake_case, int keys) with the microblog user columns")]
public sealed class M0001_Identity : Migration
{
    public override void Up()
    {
        Create.Table("roles")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_roles").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("name").AsString(256).Nullable()
            .WithColumn("normalized_name").AsString(256).Nullable()
            .WithColumn("concurrency_stamp").AsString().Nullable();
        Create.Index("ix_roles_normalized_name").OnTable("roles").OnColumn("normalized_name").Unique();

        Create.Table("users")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_users").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("user_name").AsString(256).Nullable()
            .WithColumn("normalized_user_name").AsString(256).Nullable()
            .WithColumn("email").AsString(256).Nullable()
            .WithColumn("normalized_email").AsString(256).Nullable()
            .WithColumn("email_confirmed").AsBoolean().NotNullable()
            .WithColumn("password_hash").AsString().Nullable()
            .WithColumn("security_stamp").AsString().Nullable()
            .WithColumn("concurrency_stamp").AsString().Nullable()
            .WithColumn("phone_number").AsString().Nullable()
            .WithColumn("phone_number_confirmed").AsBoolean().NotNullable()
            .WithColumn("two_factor_enabled").AsBoolean().NotNullable()
            .WithColumn("lockout_end").AsDateTimeOffset().Nullable()
            .WithColumn("lockout_enabled").AsBoolean().NotNullable()
            .WithColumn("access_failed_count").AsInt32().NotNullable()
            .WithColumn("about_me").AsString(AppUser.AboutMeMaxLength).Nullable()
            .WithColumn("last_seen").AsDateTimeOffset().Nullable()
            .WithColumn("last_message_read_time").AsDateTimeOffset().Nullable();
        Create.Index("ix_users_normalized_user_name").OnTable("users").OnColumn("normalized_user_name").Unique();
        Create.Index("ix_users_normalized_email").OnTable("users").OnColumn("normalized_email");

        Create.Table("role_claims")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_role_claims").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("role_id").AsInt32().NotNullable()
                .ForeignKey("fk_role_claims_roles_role_id", "roles", "id").OnDelete(Rule.Cascade)
            .WithColumn("claim_type").AsString().Nullable()
            .WithColumn("claim_value").AsString().Nullable();
        Create.Index("ix_role_claims_role_id").OnTable("role_claims").OnColumn("role_id");

        Create.Table("user_claims")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_user_claims").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_user_claims_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("claim_type").AsString().Nullable()
            .WithColumn("claim_value").AsString().Nullable();
        Create.Index("ix_user_claims_user_id").OnTable("user_claims").OnColumn("user_id");

        Create.Table("user_logins")
            .WithColumn("login_provider").AsString(128).NotNullable().PrimaryKey("pk_user_logins")
            .WithColumn("provider_key").AsString(128).NotNullable().PrimaryKey("pk_user_logins")
            .WithColumn("provider_display_name").AsString().Nullable()
            .WithColumn("user_id").AsInt32().NotNullable()
                .ForeignKey("fk_user_logins_users_user_id", "users", "id").OnDelete(Rule.Cascade);
        Create.Index("ix_user_logins_user_id").OnTable("user_logins").OnColumn("user_id");

        Create.Table("user_roles")
            .WithColumn("user_id").AsInt32().NotNullable().PrimaryKey("pk_user_roles")
                .ForeignKey("fk_user_roles_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("role_id").AsInt32().NotNullable().PrimaryKey("pk_user_roles")
                .ForeignKey("fk_user_roles_roles_role_id", "roles", "id").OnDelete(Rule.Cascade);
        Create.Index("ix_user_roles_role_id").OnTable("user_roles").OnColumn("role_id");

        Create.Table("user_tokens")
            .WithColumn("user_id").AsInt32().NotNullable().PrimaryKey("pk_user_tokens")
                .ForeignKey("fk_user_tokens_users_user_id", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("login_provider").AsString(128).NotNullable().PrimaryKey("pk_user_tokens")
            .WithColumn("name").AsString(128).NotNullable().PrimaryKey("pk_user_tokens")
            .WithColumn("value").AsString().Nullable();
    }

    public override void Down()
    {
        foreach (var table in new[] { "user_tokens", "user_roles", "user_logins", "user_claims", "role_claims", "users", "roles" })
            Delete.Table(table);
    }
}
