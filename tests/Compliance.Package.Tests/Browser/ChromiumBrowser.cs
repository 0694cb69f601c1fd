using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Compliance.Package.Tests.Browser;

/// <summary>A console message as a developer sees it in the browser's DevTools console.</summary>
/// <param name="Source">Where it came from: <c>console-api</c>, <c>exception</c>, or a Log domain source such as <c>security</c>, <c>network</c>, <c>javascript</c>.</param>
/// <param name="Level">Severity: <c>error</c>, <c>warning</c>, <c>info</c>, <c>verbose</c> or the console method.</param>
/// <param name="Text">The message text.</param>
public sealed record ConsoleMessage(string Source, string Level, string Text)
{
    public override string ToString() => $"[{Source}/{Level}] {Text}";
}

/// <summary>The outcome of loading one page: the document response and everything the console showed.</summary>
/// <param name="Status">HTTP status of the document.</param>
/// <param name="Headers">Response headers of the document, names lower-cased.</param>
/// <param name="Messages">Console messages, log entries and uncaught exceptions, in order.</param>
/// <param name="CspViolations">The page's <c>securitypolicyviolation</c> events (directive and blocked URI).</param>
public sealed record PageLoad(int Status, IReadOnlyDictionary<string, string> Headers, IReadOnlyList<ConsoleMessage> Messages, IReadOnlyList<string> CspViolations);

/// <summary>
/// Headless Chromium driven through the Chrome DevTools Protocol over a plain WebSocket: it loads
/// pages and reports exactly what the DevTools console would show, with no browser-automation
/// package. One browser process with a throw-away profile per instance; disposing kills it and
/// deletes the profile.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    /// <summary>Debian's package installs it here.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private const string ViolationCollector = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private static readonly TimeSpan LaunchTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Console output can trail the load event (late scripts, deferred reports).</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(750);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly Lock _eventsLock = new();
    private readonly List<ConsoleMessage> _messages = [];
    private readonly Dictionary<string, JsonElement> _documentResponses = new(StringComparer.Ordinal);
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiver;
    private int _nextId;

    private ChromiumBrowser(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The Chromium executable to use, or null when none is installed.</summary>
    public static string? FindExecutable()
    {
        var configured = System.Environment.GetEnvironmentVariable("CHROMIUM_PATH");
        foreach (var candidate in new[] { configured, DefaultExecutable, "/usr/bin/chromium-browser" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts headless Chromium with a new profile and attaches to its first tab.</summary>
    public static async Task<ChromiumBrowser> LaunchAsync(string? executable = null)
    {
        executable ??= FindExecutable() ?? throw new InvalidOperationException("Chromium is not installed (looked for CHROMIUM_PATH, " + DefaultExecutable + ").");
        var profile = Path.Combine(Path.GetTempPath(), "compliance-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        // Drained so a chatty browser never blocks on a full pipe; its stderr is noise (D-Bus, GPU).
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var browser = new ChromiumBrowser(process, profile);
        try
        {
            await browser.ConnectAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Loads <paramref name="url"/> in the tab, waits for its load event (bounded) and a short
    /// settle time, and returns the document response and the console output of this load only.
    /// </summary>
    public async Task<PageLoad> LoadAsync(string url, TimeSpan? timeout = null)
    {
        lock (_eventsLock)
        {
            _messages.Clear();
            _documentResponses.Clear();
            _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        var loaded = _loaded.Task;
        var navigation = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (navigation.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Navigation to {url} failed: {error.GetString()}");
        }

        var limit = timeout ?? CommandTimeout;
        if (await Task.WhenAny(loaded, Task.Delay(limit)) != loaded)
        {
            throw new TimeoutException($"{url} did not finish loading within {limit}.");
        }

        await Task.Delay(SettleTime);
        var violations = await EvaluateAsync("JSON.stringify(window.__cspViolations || [])");
        lock (_eventsLock)
        {
            var document = _documentResponses.TryGetValue(url, out var response) ? response : _documentResponses.Values.LastOrDefault();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var status = 0;
            if (document.ValueKind == JsonValueKind.Object)
            {
                status = document.GetProperty("status").GetInt32();
                foreach (var header in document.GetProperty("headers").EnumerateObject())
                {
                    headers[header.Name.ToLowerInvariant()] = header.Value.GetString() ?? "";
                }
            }

            return new PageLoad(status, headers, [.. _messages], JsonSerializer.Deserialize<string[]>(violations.GetString() ?? "[]") ?? []);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (awaiting promises).</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"'{expression}' threw: {exception}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    /// <summary>A PNG of the whole page (beyond the viewport), for a CI artifact.</summary>
    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    /// <summary>The page printed to PDF with its print style sheet, as a reader's "Save as PDF" does.</summary>
    public async Task<byte[]> PrintToPdfAsync()
    {
        var result = await SendAsync("Page.printToPDF", new JsonObject { ["landscape"] = true, ["printBackground"] = true, ["preferCSSPageSize"] = true });
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The browser is killed next; a close handshake that fails changes nothing.
        }

        if (_receiver is not null)
        {
            await Task.WhenAny(_receiver, Task.Delay(TimeSpan.FromSeconds(2)));
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await _process.WaitForExitAsync(exit.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or it would not die in time; the profile deletion below may then fail too.
        }

        _process.Dispose();
        _socket.Dispose();
        _stop.Dispose();
        DeleteProfile();
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it picked and the browser's WebSocket path to this file.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + LaunchTimeout;
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Chromium exited with code {_process.ExitCode} before opening the DevTools port.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Chromium did not open its DevTools port within {LaunchTimeout}.");
            }

            await Task.Delay(100);
            try
            {
                lines = File.Exists(portFile) ? (await File.ReadAllLinesAsync(portFile)).Where(static l => l.Length > 0).ToArray() : [];
            }
            catch (IOException)
            {
                // Being written; read it again next round.
            }
        }

        // The first tab (about:blank) has its own endpoint; attaching there avoids target sessions.
        using var http = new HttpClient { Timeout = CommandTimeout };
        var targets = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{lines[0]}/json/list");
        var page = targets.EnumerateArray().First(static t => t.GetProperty("type").GetString() == "page");
        using (var connect = new CancellationTokenSource(CommandTimeout))
        {
            await _socket.ConnectAsync(new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!), connect.Token);
        }

        _receiver = Task.Run(ReceiveLoopAsync);
        await SendAsync("Page.enable");
        await SendAsync("Runtime.enable");
        await SendAsync("Log.enable");
        await SendAsync("Network.enable");
        await SendAsync("Page.addScriptToEvaluateOnNewDocument", new JsonObject { ["source"] = ViolationCollector });
    }

    private async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        using (var send = new CancellationTokenSource(CommandTimeout))
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, send.Token);
        }

        if (await Task.WhenAny(reply.Task, Task.Delay(CommandTimeout)) != reply.Task)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"Chromium did not answer {method} within {CommandTimeout}.");
        }

        return await reply.Task;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                using (var document = JsonDocument.Parse(message.ToArray()))
                {
                    Dispatch(document.RootElement);
                }

                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // Disposal or the browser going away ends the loop.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("The connection to Chromium closed."));
            }
        }
    }

    private void Dispatch(JsonElement root)
    {
        if (root.TryGetProperty("id", out var id))
        {
            if (_pending.TryRemove(id.GetInt32(), out var reply))
            {
                if (root.TryGetProperty("error", out var error))
                {
                    reply.TrySetException(new InvalidOperationException("DevTools error: " + error));
                }
                else
                {
                    reply.TrySetResult(root.GetProperty("result").Clone());
                }
            }

            return;
        }

        var parameters = root.TryGetProperty("params", out var p) ? p : default;
        lock (_eventsLock)
        {
            switch (root.GetProperty("method").GetString())
            {
                case "Page.loadEventFired":
                    _loaded.TrySetResult();
                    break;
                case "Log.entryAdded":
                    var entry = parameters.GetProperty("entry");
                    _messages.Add(new ConsoleMessage(entry.GetProperty("source").GetString() ?? "", entry.GetProperty("level").GetString() ?? "", entry.GetProperty("text").GetString() ?? ""));
                    break;
                case "Runtime.consoleAPICalled":
                    var text = string.Join(" ", parameters.GetProperty("args").EnumerateArray().Select(static a =>
                        a.TryGetProperty("value", out var v) ? v.ToString() : a.TryGetProperty("description", out var d) ? d.GetString() : a.GetProperty("type").GetString()));
                    _messages.Add(new ConsoleMessage("console-api", parameters.GetProperty("type").GetString() ?? "", text));
                    break;
                case "Runtime.exceptionThrown":
                    var details = parameters.GetProperty("exceptionDetails");
                    var description = details.TryGetProperty("exception", out var exception) && exception.TryGetProperty("description", out var d2) ? d2.GetString() : details.GetProperty("text").GetString();
                    _messages.Add(new ConsoleMessage("exception", "error", description ?? ""));
                    break;
                case "Network.responseReceived" when parameters.GetProperty("type").GetString() == "Document":
                    var response = parameters.GetProperty("response");
                    _documentResponses[response.GetProperty("url").GetString() ?? ""] = response.Clone();
                    break;
            }
        }
    }

    private void DeleteProfile()
    {
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A profile the browser still held open is a harmless temp folder; never fail a test over it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
