using CoScientist.Core.Llm;
using CoScientist.Core.Runs;
using CoScientist.Core.Supervisor;

namespace CoScientist.Core.Agents.Supervisor;

/// <summary>The supervisor's LLM step: turns the research goal into a plan configuration, or refuses an unsafe goal.</summary>
public sealed class SupervisorAgent(StructuredChat chat)
{
    public async Task<ResearchPlan> PlanAsync(RunRecord run, UsageMeter meter, CancellationToken cancellationToken = default)
    {
        var prompt = PromptLibrary.Render("supervisor-plan", new Dictionary<string, string>
        {
            ["goal"] = PromptSections.Goal(run.Goal, null, run.Feedback),
        });
        try
        {
            var answer = await chat.AskAsync<ResearchPlanAnswer>(
                ModelSlot.Supervisor, PromptLibrary.Load("supervisor-instructions"), prompt, meter, cancellationToken);
            return new ResearchPlan(
                answer.Domain ?? "",
                answer.Objectives ?? [],
                answer.Constraints ?? [],
                answer.Preferences ?? [],
                answer.EvaluationCriteria ?? [],
                answer.Topics ?? [],
                answer.Safe,
                answer.Safe ? null : answer.RefusalReason);
        }
        catch (ModelAnswerException ex) when (ex.IsContentFilter)
        {
            // The provider refused to read the goal at all: treat it as refused, with its reason.
            return new ResearchPlan("", [], [], [], [], [], Safe: false, RefusalReason: ex.Message);
        }
    }
}
