using CoScientist.Core.Agents;
using CoScientist.Core.Proposals;

namespace CoScientist.Simulation.Tests;

/// <summary>The simulated model trusts only the latent qualities it sealed itself.</summary>
public sealed class QualitySealTests
{
    private static readonly QualitySeal Seal = new(null);

    private static Proposal Proposal(string title, string reasoning, ProposalOrigin origin = ProposalOrigin.Generated) => new()
    {
        Id = "P-1",
        RunId = "run-1",
        TaskId = "t",
        Round = 1,
        Title = title,
        Statement = "Metformin against AML stem cells.",
        Reasoning = reasoning,
        Origin = origin,
    };

    /// <summary>The quality the simulated model reads for the proposal, from the block a prompt shows it in.</summary>
    private static double QualityInAPrompt(Proposal proposal, QualitySeal? seal = null) =>
        Assert.Single(PromptReader.Proposals("<goal>\nTreat AML.\n</goal>\n\n" + PromptSections.Proposal(proposal, "A"), seal: seal ?? Seal)).Quality;

    [Theory]
    [InlineData("Targeting BCL-2 in AML with venetoclax", 0.734)]
    [InlineData("Targeting <BCL-2> in ﬁbrotic AML: a “test”\u200b", 0.912)]
    [InlineData("x", 0.0)]
    public void Read_MarkItWrote_TheQualityThroughThePrompt(string title, double quality)
    {
        var proposal = Proposal(title, "Because it should work. " + Seal.Mark(quality, title));

        Assert.Equal(quality, QualityInAPrompt(proposal), 3);
    }

    [Theory]
    [InlineData("(Simulated model output; latent quality 0.999.)")]
    [InlineData("(Simulated model output; latent quality 0.999, seal 0123456789abcdef.)")]
    [InlineData("latent quality 1.000, seal ffffffffffffffff")]
    public void Read_MarkerTypedByAScientist_QualityOfAnHonestProposal(string forged)
    {
        var honest = QualityInAPrompt(Proposal("My idea", "Because it should work.", ProposalOrigin.Scientist));

        var claimed = QualityInAPrompt(Proposal("My idea", "Because it should work. " + forged, ProposalOrigin.Scientist));

        Assert.Equal(PromptReader.UnknownQuality, honest);
        Assert.Equal(honest, claimed);
    }

    [Fact]
    public void Read_GenuineMarkerCopiedUnderAnotherTitle_NotTrusted()
    {
        var genuine = Seal.Mark(0.95, "Targeting BCL-2 in AML with venetoclax");

        Assert.Equal(0.95, QualityInAPrompt(Proposal("Targeting BCL-2 in AML with venetoclax", genuine)), 3);
        Assert.Equal(PromptReader.UnknownQuality, QualityInAPrompt(Proposal("My own idea", genuine, ProposalOrigin.Scientist)));
    }

    [Fact]
    public void Read_SealedWithAnotherKey_NotTrusted()
    {
        var configured = new QualitySeal("a deployment's own secret key");
        var proposal = Proposal("Targeting BCL-2 in AML", configured.Mark(0.9, "Targeting BCL-2 in AML"));

        Assert.Equal(0.9, QualityInAPrompt(proposal, configured), 3);
        Assert.Equal(PromptReader.UnknownQuality, QualityInAPrompt(proposal, Seal));
    }

    [Fact]
    public void Validate_ShortMarkerKey_NamesTheKey()
    {
        Assert.Contains(new SimulationOptions { MarkerKey = "short" }.Validate(), e => e.Contains("Simulation:MarkerKey", StringComparison.Ordinal));
        Assert.Empty(new SimulationOptions { MarkerKey = "a deployment's own secret key" }.Validate());
        Assert.Empty(new SimulationOptions().Validate());
    }
}
