namespace Provisioning.IntegrationTests.Support;

/// <summary>
/// The ticket sources of the test stack: their secrets and the local fakes of GitHub's and Jira's APIs that the
/// stack comments on (started once per test run, before the stack, since the stack is told their addresses).
/// </summary>
public static class WebhookSettings
{
    public const string GenericSecret = "generic-test-secret";
    public const string GitHubSecret = "github-test-secret";
    public const string JiraSecret = "jira-test-secret";
    public const string GitHubToken = "ghp_test_token";
    public const string JiraEmail = "bot@example.com";
    public const string JiraApiToken = "jira-api-token";
    /// <summary>The Jira custom field the stack maps to the <c>name</c> parameter.</summary>
    public const string JiraNameField = "customfield_10050";

    private static readonly Lazy<FakeTicketApi> GitHubFake = new(() => new FakeTicketApi());
    private static readonly Lazy<FakeTicketApi> JiraFake = new(() => new FakeTicketApi());

    public static FakeTicketApi GitHub => GitHubFake.Value;
    public static FakeTicketApi Jira => JiraFake.Value;

    /// <summary>The stack's <c>Webhooks</c> settings.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Environment() => new Dictionary<string, string>
    {
        ["Webhooks__Generic__Secret"] = GenericSecret,
        ["Webhooks__GitHub__Secret"] = GitHubSecret,
        ["Webhooks__GitHub__Token"] = GitHubToken,
        ["Webhooks__GitHub__ApiBaseUrl"] = GitHub.BaseAddress.ToString(),
        ["Webhooks__Jira__Secret"] = JiraSecret,
        ["Webhooks__Jira__BaseUrl"] = Jira.BaseAddress.ToString(),
        ["Webhooks__Jira__Email"] = JiraEmail,
        ["Webhooks__Jira__ApiToken"] = JiraApiToken,
        ["Webhooks__Jira__Fields__name"] = JiraNameField,
        ["Webhooks__RetryDelay"] = "00:00:00.200",
    };
}
