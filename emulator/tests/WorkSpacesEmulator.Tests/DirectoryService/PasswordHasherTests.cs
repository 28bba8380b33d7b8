using WorkSpacesEmulator.Services.DirectoryService;

namespace WorkSpacesEmulator.Tests.DirectoryService;

/// <summary>The in-memory proof of an earlier successful check never accepts what PBKDF2 would refuse.</summary>
public sealed class PasswordHasherTests
{
    [Fact]
    public void A_verified_password_is_accepted_again_and_nothing_else_is()
    {
        var stored = PasswordHasher.Hash("Sup3r-Secret!");
        stored.Should().StartWith("pbkdf2-sha256$100000$", "the stored form stays the salted PBKDF2 hash");
        PasswordHasher.Verify(stored, "Sup3r-Secret!").Should().BeTrue();
        PasswordHasher.Verify(stored, "Sup3r-Secret!").Should().BeTrue();
        PasswordHasher.Verify(stored, "Sup3r-Secret?").Should().BeFalse();
        PasswordHasher.Verify(stored, "").Should().BeFalse();
    }

    [Fact]
    public void A_changed_password_or_a_tampered_hash_is_checked_in_full()
    {
        var old = PasswordHasher.Hash("0ld-Passw0rd");
        PasswordHasher.Verify(old, "0ld-Passw0rd").Should().BeTrue();
        var changed = PasswordHasher.Hash("N3w-Passw0rd");
        PasswordHasher.Verify(changed, "0ld-Passw0rd").Should().BeFalse();
        PasswordHasher.Verify(changed, "N3w-Passw0rd").Should().BeTrue();

        var parts = old.Split('$');
        var tampered = string.Join('$', parts[0], parts[1], parts[2], Convert.ToBase64String(new byte[32]));
        PasswordHasher.Verify(tampered, "0ld-Passw0rd").Should().BeFalse();
    }
}
