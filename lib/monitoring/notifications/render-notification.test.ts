import { describe, expect, it } from "vitest";
import { pagerdutyProblem, slackProblem } from "@/lib/monitoring/notifications/testing/notification-receiver";
import {
  figureLabel,
  headline,
  renderEmail,
  renderPagerduty,
  renderSlack,
  renderWebhook,
  type AlertRecord,
} from "@/lib/monitoring/notifications/render-notification";

// Every channel's message from the one alert record: the same headline, summary, cause and
// numbers, within each platform's documented limits.

const alert = (over: Partial<AlertRecord> = {}): AlertRecord => ({
  alertId: "al_1",
  ruleId: "r_1",
  transition: "opened",
  severity: "warning",
  title: "Checkout abandoners: rejected rows above 5%",
  summary: "Meta rejected 812 of 10,240 rows (7.9%).",
  cause: "The segment's definition changed at 14:02.",
  figures: { rejected: 812, rejectedShare: "7.9%", matchRate: null },
  url: "https://downstream.example.com/alerts/al_1",
  occurredAt: "2026-12-01T14:05:00.000Z",
  ...over,
});

describe("notification renderers", () => {
  it("say the same thing in every channel", () => {
    const a = alert();
    const email = renderEmail(a);
    const slack = renderSlack(a);
    const pd = renderPagerduty(a, "k".repeat(32));
    const hook = renderWebhook({ type: "alert", alert: a });
    expect(headline(a)).toBe("Warning: Checkout abandoners: rejected rows above 5%");
    expect(email.subject).toBe(`[Downstream] ${headline(a)}`);
    expect(email.text).toContain("Likely cause: The segment's definition changed at 14:02.");
    expect(email.text).toContain("Rejected share: 7.9%");
    expect(email.text).toContain("Match rate: —");
    expect(slack.text).toBe(`${headline(a)}: ${a.summary}`);
    expect(pd.payload!.summary).toBe(`${headline(a)}: ${a.summary}`);
    expect(pd.payload!.custom_details).toMatchObject({ likely_cause: a.cause, Rejected: 812 });
    expect(hook).toMatchObject({ type: "alert.opened", headline: headline(a), alert: { cause: a.cause, figures: a.figures } });
  });

  it("map transitions to PagerDuty actions on one incident per alert", () => {
    const actions = (["opened", "severity_changed", "acknowledged", "resolved"] as const).map((t) => {
      const e = renderPagerduty(alert({ transition: t }), "k".repeat(32));
      expect(pagerdutyProblem(e as unknown as Record<string, unknown>)).toBeNull();
      return [e.event_action, e.dedup_key, e.payload?.severity ?? null];
    });
    expect(actions).toEqual([
      ["trigger", "al_1", "warning"],
      ["trigger", "al_1", "warning"],
      ["acknowledge", "al_1", null],
      ["resolve", "al_1", null],
    ]);
  });

  it("stay within Slack's and PagerDuty's limits, and escape what the receiver would read as markup", () => {
    const a = alert({
      title: "T".repeat(400),
      summary: `<!channel> & ${"s".repeat(5000)}`,
      figures: Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`f${i}`, i])),
    });
    const slack = renderSlack(a);
    expect(slackProblem(slack as unknown as Record<string, unknown>)).toBeNull();
    expect(JSON.stringify(slack)).not.toContain("<!channel>");
    expect(JSON.stringify(slack)).toContain("&lt;!channel&gt; &amp;");
    const pd = renderPagerduty(a, "k".repeat(32));
    expect(pd.payload!.summary.length).toBe(1024);
    expect(pagerdutyProblem(pd as unknown as Record<string, unknown>)).toBeNull();
    expect(renderEmail(alert({ summary: "<script>x</script>" })).html).toContain("&lt;script&gt;");
  });

  it("turn figure keys into words", () => {
    expect(figureLabel("deliveredLastRun")).toBe("Delivered last run");
    expect(figureLabel("segment_size")).toBe("Segment size");
    expect(figureLabel("Match rate")).toBe("Match rate");
  });
});
