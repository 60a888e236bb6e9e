using CoScientist.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoScientist.Functions.Tests;

/// <summary>The Functions app's source files, parsed with Roslyn; and the repository's other files the app must agree with.</summary>
internal static class FunctionsSource
{
    public static string Root => RepositoryFiles.Root;

    public static string ProjectDirectory => Path.Combine(Root, "functions", "CoScientist.Functions");

    /// <summary>The trigger files: every .cs under Functions/.</summary>
    public static IReadOnlyList<SyntaxTree> TriggerFiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(ProjectDirectory, "Functions"), "*.cs", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), path: Path.GetRelativePath(Root, path)))];

    /// <summary>Every method with a [Function] attribute.</summary>
    public static IReadOnlyList<MethodDeclarationSyntax> FunctionMethods() =>
        [.. TriggerFiles().SelectMany(t => t.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>()).Where(m => Attribute(m, "Function") is not null)];

    public static AttributeSyntax? Attribute(SyntaxNode node, string name)
    {
        var lists = node switch
        {
            MemberDeclarationSyntax member => member.AttributeLists,
            ParameterSyntax parameter => parameter.AttributeLists,
            _ => default,
        };
        return lists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() is var n && (n == name || n == name + "Attribute"));
    }

    /// <summary>The trigger attribute on a function's parameters (HttpTrigger, QueueTrigger, BlobTrigger, TimerTrigger).</summary>
    public static AttributeSyntax Trigger(MethodDeclarationSyntax method) =>
        method.ParameterList.Parameters
            .SelectMany(p => p.AttributeLists.SelectMany(l => l.Attributes))
            .Single(a => a.Name.ToString().EndsWith("Trigger", StringComparison.Ordinal));

    public static string FunctionName(MethodDeclarationSyntax method) =>
        ((LiteralExpressionSyntax)Attribute(method, "Function")!.ArgumentList!.Arguments[0].Expression).Token.ValueText;

    public static string Location(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}";
    }

    public static string ReadText(params string[] relative) => RepositoryFiles.ReadText(relative);
}
