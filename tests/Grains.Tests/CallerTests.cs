namespace Battleship.Grains.Tests;

public class CallerTests
{
    private static readonly Guid Owner = new("6f1c2a4e-0000-4000-8000-000000000001");
    private static readonly Guid Someone = new("6f1c2a4e-0000-4000-8000-000000000002");

    [Fact]
    public void MayChange_TheOwner_IsAllowed() => Assert.True(new Caller(Owner, IsAdmin: false).MayChange(Owner));

    [Fact]
    public void MayChange_AnotherUser_IsRefused() => Assert.False(new Caller(Someone, IsAdmin: false).MayChange(Owner));

    [Fact]
    public void MayChange_AnAdmin_IsAllowedForAnyOwner()
    {
        var admin = new Caller(Someone, IsAdmin: true);

        Assert.Equal((true, true), (admin.MayChange(Owner), admin.MayChange(null)));
    }

    [Fact]
    public void MayChange_NobodysThing_IsRefusedToAUser() => Assert.False(new Caller(Someone, IsAdmin: false).MayChange(null));

    [Fact]
    public void MayChange_CallerWithoutUser_IsNotTheOwnerOfNobodysThing() => Assert.False(new Caller(null, IsAdmin: false).MayChange(null));

    [Fact]
    public void Operator_IsAnAdminWithoutUser() => Assert.Equal(new Caller(null, true), Caller.Operator);
}
