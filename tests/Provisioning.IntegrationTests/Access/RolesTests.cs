using Provisioning.Api.Access;

namespace Provisioning.IntegrationTests.Access;

/// <summary>The role x permission matrix and the project rule, as pure functions (no stack).</summary>
public sealed class RolesTests
{
    public static TheoryData<string, Permission[]> Matrix => new()
    {
        { Roles.Requester, [Permission.SubmitRequests, Permission.ReadRequests, Permission.ReadPools] },
        { Roles.Operator, [Permission.SubmitRequests, Permission.ReadRequests, Permission.ActOnRequests, Permission.ReadHosts, Permission.ReadInventory, Permission.ReadAudit, Permission.ReadPools] },
        { Roles.Auditor, [Permission.ReadRequests, Permission.ReadHosts, Permission.ReadInventory, Permission.ReadAudit, Permission.ReadPools] },
        { Roles.Admin, Enum.GetValues<Permission>() },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public void each_role_grants_exactly_its_permissions(string role, Permission[] granted)
    {
        Assert.Equal(granted.Order(), Roles.PermissionsOf(role).Order());
        foreach (var permission in Enum.GetValues<Permission>()) Assert.Equal(granted.Contains(permission), Roles.Allows(role, permission));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Admin")]
    [InlineData("root")]
    public void an_unknown_role_grants_nothing_and_sees_nothing(string? role)
    {
        Assert.False(Roles.IsKnown(role));
        Assert.Empty(Roles.PermissionsOf(role));
        Assert.False(Roles.SeesAllProjects(role));
        Assert.False(new Caller("x", role ?? "", "p").CanSee("p"));
    }

    [Fact]
    public void the_auditor_changes_nothing_and_only_the_admin_administers()
    {
        Permission[] changes = [Permission.SubmitRequests, Permission.ActOnRequests, Permission.Administer];
        Assert.DoesNotContain(Roles.PermissionsOf(Roles.Auditor), changes.Contains);
        Assert.Equal([Roles.Admin], Roles.All.Where(r => Roles.Allows(r, Permission.Administer)));
    }

    [Fact]
    public void every_role_that_acts_on_requests_sees_every_project()
    {
        // The action endpoints rely on it: they check no project before acting.
        Assert.All(Roles.All.Where(r => Roles.Allows(r, Permission.ActOnRequests)), r => Assert.True(Roles.SeesAllProjects(r)));
    }

    [Fact]
    public void a_requester_sees_its_own_project_only_and_the_others_see_all()
    {
        var requester = new Caller("rita", Roles.Requester, "alpha");
        Assert.True(requester.CanSee("alpha"));
        Assert.False(requester.CanSee("beta"));
        Assert.False(requester.CanSee(null));
        Assert.False(requester.CanSee("ALPHA"));
        Assert.Equal("alpha", requester.OnlyProject);
        Assert.False(new Caller("rob", Roles.Requester, null).CanSee(null));

        foreach (var role in new[] { Roles.Operator, Roles.Auditor, Roles.Admin })
        {
            var caller = new Caller("o", role, null);
            Assert.True(caller.CanSee("alpha"));
            Assert.True(caller.CanSee(null));
            Assert.Null(caller.OnlyProject);
        }
    }

    [Fact]
    public void a_generated_secret_carries_256_random_bits_and_is_stored_as_its_sha256()
    {
        var a = TokenSecret.New();
        var b = TokenSecret.New();
        Assert.NotEqual(a, b);
        Assert.StartsWith(TokenSecret.Prefix, a, StringComparison.Ordinal);
        Assert.Equal(TokenSecret.Prefix.Length + 43, a.Length); // 32 bytes in unpadded base64url
        Assert.Matches("^[0-9a-f]{64}$", TokenSecret.Hash(a));
        Assert.Equal(TokenSecret.Hash(a), TokenSecret.Hash(a));
        Assert.NotEqual(TokenSecret.Hash(a), TokenSecret.Hash(b));
    }
}
