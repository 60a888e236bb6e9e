using CoScientist.Core.Proposals;
using CoScientist.Core.Results;
using CoScientist.Core.Reviews;
using CoScientist.Core.Tests.Fakes;

namespace CoScientist.Core.Tests.Results;

public sealed class RunExportTests
{
    [Fact]
    public async Task From_UnsafeProposal_WithholdsItsTextReviewsAndMatchRationales()
    {
        var builder = RunBuilder.Planned()
            .Entrants("P-a", "P-b")
            .Review(TestData.Review("full-b", "P-b", kind: ReviewKind.Full, round: 2) with { Rejection = RejectionReason.Unsafe, Verdict = ReviewVerdict.Reject, Summary = "dangerous protocol details" })
            .Match(TestData.Match("m1", "P-a", "P-b", winner: "P-b", round: 2) with { Rationale = "B's dangerous protocol wins" });
        var export = RunExport.From(await builder.SnapshotAsync(), overview: null, aims: []);

        var hidden = Assert.Single(export.Proposals, p => p.Id == "P-b");
        Assert.Equal(ProposalStatus.Unsafe, hidden.Status);
        Assert.DoesNotContain("P-b", export.Ranking.Select(r => r.Proposal.Id));
        var everything = System.Text.Json.JsonSerializer.Serialize(export, CoScientist.Core.Llm.JsonDefaults.Options);
        Assert.DoesNotContain("dangerous", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(TestData.Proposal("P-b", 1).Title, everything, StringComparison.Ordinal);
        Assert.Contains("P-a", export.Ranking.Select(r => r.Proposal.Id));
    }
}
