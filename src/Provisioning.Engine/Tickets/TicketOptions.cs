namespace Provisioning.Engine.Tickets;

/// <summary>
/// The <c>Webhooks</c> configuration section: one shared secret per ticket source (a source without one is
/// disabled and answers 404), who requests run as, and how to reach each ticket system to comment.
/// </summary>
public sealed class TicketOptions
{
    public const string Section = "Webhooks";

    /// <summary>The project requests started from tickets belong to (null: none).</summary>
    public string? Project { get; set; }

    /// <summary>The actor used when a ticket names no author.</summary>
    public string DefaultActor { get; set; } = "unknown";

    public GenericSource Generic { get; set; } = new();
    public GitHubSource GitHub { get; set; } = new();
    public JiraSource Jira { get; set; } = new();

    /// <summary>How many times a comment is tried before the outcome is recorded as failed.</summary>
    public int CommentAttempts { get; set; } = 5;

    /// <summary>The first pause between attempts (doubling, or the server's Retry-After, at most <see cref="MaxRetryDelay"/>).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The generic source: JSON <c>{ticket, workflow, parameters}</c>.</summary>
    public sealed class GenericSource
    {
        public string? Secret { get; set; }
    }

    /// <summary>GitHub issues.</summary>
    public sealed class GitHubSource
    {
        public string? Secret { get; set; }

        /// <summary>Label name -> workflow it starts.</summary>
        public Dictionary<string, string> Labels { get; set; } = new() { ["provision-vm"] = "provision-vm" };

        public string ApiBaseUrl { get; set; } = "https://api.github.com";

        /// <summary>A token allowed to comment on issues (fine-grained: Issues read/write). Without it no comment is posted.</summary>
        public string? Token { get; set; }
    }

    /// <summary>Jira issues.</summary>
    public sealed class JiraSource
    {
        public string? Secret { get; set; }

        /// <summary>Label name -> workflow it starts.</summary>
        public Dictionary<string, string> Labels { get; set; } = new() { ["provision-vm"] = "provision-vm" };

        /// <summary>Parameter name -> issue field id (e.g. <c>customfield_10050</c>) whose value becomes the parameter.</summary>
        public Dictionary<string, string> Fields { get; set; } = [];

        /// <summary>The site, e.g. <c>https://example.atlassian.net</c>: for the link and the comment API.</summary>
        public string BaseUrl { get; set; } = "";

        /// <summary>Basic auth for comments: the account's e-mail and an API token. Without them no comment is posted.</summary>
        public string? Email { get; set; }
        public string? ApiToken { get; set; }
    }
}
