using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Provisioning.Engine.Tickets;

/// <summary>
/// Posts a comment on a ticket through its system's REST API: GitHub
/// <c>POST /repos/{owner}/{repo}/issues/{number}/comments</c> (bearer token) or Jira
/// <c>POST /rest/api/2/issue/{key}/comment</c> (basic auth, e-mail and API token). Transient answers
/// (5xx, 429, 408, network errors) are retried a bounded number of times, honouring Retry-After.
/// </summary>
public sealed class TicketCommentClient(HttpClient http, TicketOptions options, ILogger<TicketCommentClient> log)
{
    /// <summary>The outcome of posting: the last status (0: no answer), and the comment's address when it was made.</summary>
    public sealed record Outcome(int Status, bool Posted, string? Url);

    /// <summary>Posts <paramref name="body"/> on the ticket; null when the source has no credentials for comments.</summary>
    public async Task<Outcome?> PostAsync(TicketLink link, string body, CancellationToken ct)
    {
        Func<HttpRequestMessage>? make = link.Source switch
        {
            "github" when options.GitHub.Token is { Length: > 0 } token => () => GitHub(link, body, token),
            "jira" when options.Jira.Email is { Length: > 0 } && options.Jira.ApiToken is { Length: > 0 } => () => Jira(link, body),
            _ => null,
        };
        if (make is null) return null;
        return await SendWithRetriesAsync(make, link.Ticket, ct);
    }

    private HttpRequestMessage GitHub(TicketLink link, string body, string token)
    {
        var message = new HttpRequestMessage(HttpMethod.Post,
            $"{options.GitHub.ApiBaseUrl.TrimEnd('/')}/repos/{link.Repository}/issues/{link.Issue}/comments")
        {
            Content = JsonContent.Create(new { body }),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        message.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("Provisioning", "1.0"));
        return message;
    }

    private HttpRequestMessage Jira(TicketLink link, string body)
    {
        var message = new HttpRequestMessage(HttpMethod.Post,
            $"{options.Jira.BaseUrl.TrimEnd('/')}/rest/api/2/issue/{Uri.EscapeDataString(link.Issue ?? "")}/comment")
        {
            Content = JsonContent.Create(new { body }),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Jira.Email}:{options.Jira.ApiToken}"));
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return message;
    }

    private async Task<Outcome> SendWithRetriesAsync(Func<HttpRequestMessage> make, string ticket, CancellationToken ct)
    {
        var delay = options.RetryDelay;
        var status = 0;
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? retryAfter = null;
            try
            {
                using var request = make();
                using var response = await http.SendAsync(request, ct);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode) return new Outcome(status, true, await CommentUrlAsync(response, ct));
                if (!Transient(response.StatusCode))
                {
                    log.LogWarning("Comment on {Ticket} refused with {Status}; not retried", ticket, status);
                    return new Outcome(status, false, null);
                }
                retryAfter = response.Headers.RetryAfter is { } ra
                    ? ra.Delta ?? (ra.Date is { } date ? date - DateTimeOffset.UtcNow : null)
                    : null;
            }
            catch (HttpRequestException e)
            {
                log.LogWarning("Comment on {Ticket}: attempt {Attempt} failed: {Error}", ticket, attempt, e.Message);
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                log.LogWarning("Comment on {Ticket}: attempt {Attempt} timed out", ticket, attempt);
            }
            if (attempt >= options.CommentAttempts)
            {
                log.LogWarning("Comment on {Ticket} gave up after {Attempts} attempts (last status {Status})", ticket, attempt, status);
                return new Outcome(status, false, null);
            }
            var wait = retryAfter is { } r && r > TimeSpan.Zero ? r : delay;
            if (wait > options.MaxRetryDelay) wait = options.MaxRetryDelay;
            log.LogInformation("Comment on {Ticket}: attempt {Attempt} answered {Status}; retrying in {Wait}", ticket, attempt, status, wait);
            await Task.Delay(wait, ct);
            delay *= 2;
        }
    }

    private static bool Transient(HttpStatusCode code) =>
        (int)code >= 500 || code is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>GitHub answers the comment with <c>html_url</c>, Jira with <c>self</c>.</summary>
    private static async Task<string?> CommentUrlAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            foreach (var name in new[] { "html_url", "self" })
            {
                if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(name, out var v)
                    && v.ValueKind == JsonValueKind.String) return v.GetString();
            }
        }
        catch (JsonException)
        {
            // A comment made is made; its address is a nicety.
        }
        return null;
    }
}
