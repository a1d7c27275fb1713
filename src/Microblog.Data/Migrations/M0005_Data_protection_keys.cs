using FluentMigrator;
using FluentMigrator.Postgres;

namespace Microblog.Data.Migrations;

[Migration(5, "Data Protection key ring, shared by every web process")]
public sealed class M0005_Data_protection_keys : Migration
{
    public override void Up()
    {
        Create.Table("data_protection_keys")
            .WithColumn("id").AsInt32().NotNullable().PrimaryKey("pk_data_protection_keys").Identity(PostgresGenerationType.ByDefault)
            .WithColumn("friendly_name").AsString().Nullable()
            .WithColumn("xml").AsString().Nullable();
    }

    public override void Down() => Delete.Table("data_protection_keys");
}
