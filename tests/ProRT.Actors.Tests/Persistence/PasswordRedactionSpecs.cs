using ProRT.Actors.Persistence;

namespace ProRT.Actors.Tests.Persistence;

public sealed class PasswordRedactionSpecs
{
    [Theory]
    [InlineData("postgres://u:secret@db.example/prtip", "postgres://u:***@db.example/prtip")]
    [InlineData("postgresql://u:secret@db.example:5433/prtip?sslmode=disable", "postgresql://u:***@db.example:5433/prtip?sslmode=disable")]
    [InlineData("postgres://:secret@127.0.0.1/prtip", "postgres://:***@127.0.0.1/prtip")]
    [InlineData("postgres://us%40er:p%3Ass%2F@h/db", "postgres://us%40er:***@h/db")]
    // Typed raw, a password may hold @ : ; / # ?: it runs to the last @.
    [InlineData("postgres://u:p@ss:w;rd/x#y?z@h:5432/db", "postgres://u:***@h:5432/db")]
    [InlineData("--journal=postgres://u:secret@h/db", "--journal=postgres://u:***@h/db")]
    [InlineData("cannot open postgres://u:secret@h/db: refused", "cannot open postgres://u:***@h/db: refused")]
    [InlineData("postgres://u:a@h/db and postgres://v:b@k/db", "postgres://u:***@h/db and postgres://v:***@k/db")]
    [InlineData("postgres://h/db?user=u&password=secret&sslmode=disable", "postgres://h/db?user=u&password=***&sslmode=disable")]
    [InlineData("postgres:///db?host=/run/postgresql&PWD=secret", "postgres:///db?host=/run/postgresql&PWD=***")]
    public void A_url_keeps_everything_but_its_password(string text, string expected) =>
        Assert.Equal(expected, PasswordRedaction.Redact(text));

    [Theory]
    [InlineData("Host=h;Username=u;Password=secret;Database=d", "Host=h;Username=u;Password=***;Database=d")]
    [InlineData("Host=h;Password=secret", "Host=h;Password=***")]
    [InlineData("Password=secret;Host=h", "Password=***;Host=h")]
    [InlineData("host=h; pwd = secret ;database=d", "host=h; pwd = ***;database=d")]
    [InlineData("Host=h;PSW=secret", "Host=h;PSW=***")]
    [InlineData("Host=h;Password=\"se;cr\"\"et\";Database=d", "Host=h;Password=***;Database=d")]
    [InlineData("Host=h;Password='se;cr''et';Database=d", "Host=h;Password=***;Database=d")]
    [InlineData("Host=h;Password=p@ss:w rd&x;Database=d", "Host=h;Password=***;Database=d")]
    [InlineData("Host=h;SSL Password=secret;Database=d", "Host=h;SSL Password=***;Database=d")]
    public void A_connection_string_keeps_everything_but_its_password(string text, string expected) =>
        Assert.Equal(expected, PasswordRedaction.Redact(text));

    [Theory]
    [InlineData("postgres://u@h/db")]
    [InlineData("postgres://h:5432/db")]
    [InlineData("postgres:///prtip?host=/var/run/postgresql")]
    [InlineData("Host=h;Username=u;Database=d;Passfile=/root/.pgpass")]
    [InlineData("/home/u/.local/share/prtip/journal.db")]
    [InlineData("prtip -sT -p 1-100 --cluster-tls-password-file /run/secret 127.0.0.1")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("")]
    public void Text_without_a_password_is_left_alone(string text) => Assert.Equal(text, PasswordRedaction.Redact(text));

    [Fact]
    public void A_command_line_keeps_everything_but_its_passwords()
    {
        string[] args =
        [
            "-sT", "-p", "1-100", "--journal", "postgres://u:pw1@127.0.0.1/db", "--db", "Host=127.0.0.1;Password=pw2;Database=d",
            "--cluster-tls-password", "pw 3", "--cluster-tls-password=pw4", "--cluster-tls-password-file", "/run/pw", "127.0.0.1",
        ];
        Assert.Equal(
            [
                "-sT", "-p", "1-100", "--journal", "postgres://u:***@127.0.0.1/db", "--db", "Host=127.0.0.1;Password=***;Database=d",
                "--cluster-tls-password", "***", "--cluster-tls-password=***", "--cluster-tls-password-file", "/run/pw", "127.0.0.1",
            ],
            PasswordRedaction.RedactArguments(args));
        Assert.Equal(["--cluster-tls-password:***", "x"], PasswordRedaction.RedactArguments(["--cluster-tls-password:a=b c", "x"]));
        // Prose that names the option is not a command line.
        Assert.Equal("--cluster-tls-password and --cluster-tls-password-file need --cluster-tls-cert",
            PasswordRedaction.Redact("--cluster-tls-password and --cluster-tls-password-file need --cluster-tls-cert"));
    }

    [Fact]
    public void Redacting_twice_changes_nothing_more()
    {
        foreach (var text in new[] { "postgres://u:p@ss@h/db", "Host=h;Password=\"a;b\"", "postgres://h/db?password=x" })
        {
            var once = PasswordRedaction.Redact(text);
            Assert.Equal(once, PasswordRedaction.Redact(once));
        }
    }
}
