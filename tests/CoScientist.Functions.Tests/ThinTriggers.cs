using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoScientist.Functions.Tests;

/// <summary>
/// The rule for trigger methods: the body is one delegation: a call of an injected service, with
/// arguments that are parameters, constants, members of them (<c>request.Query["top"]</c>,
/// <c>blob.Name</c>), awaited, optionally adapted with <c>.ToActionResult()</c>. Anything else
/// (a branch, a loop, a try/catch, a throw, a lambda, a conditional, a pattern, an object created,
/// a second call, a local) is logic and belongs in a library.
/// </summary>
internal static class ThinTriggers
{
    /// <summary>The one adapter call allowed besides the delegation itself.</summary>
    public const string Adapter = "ToActionResult";

    private static readonly HashSet<SyntaxKind> Allowed =
    [
        SyntaxKind.InvocationExpression,
        SyntaxKind.SimpleMemberAccessExpression,
        SyntaxKind.IdentifierName,
        SyntaxKind.ArgumentList,
        SyntaxKind.Argument,
        SyntaxKind.AwaitExpression,
        SyntaxKind.ParenthesizedExpression,
        SyntaxKind.ElementAccessExpression,
        SyntaxKind.BracketedArgumentList,
        SyntaxKind.StringLiteralExpression,
        SyntaxKind.NumericLiteralExpression,
    ];

    /// <summary>Why the method is not a thin trigger; empty when it is.</summary>
    public static IReadOnlyList<string> Problems(MethodDeclarationSyntax method)
    {
        var problems = new List<string>();
        var where = $"{FunctionsSource.Location(method)} {method.Identifier.ValueText}";
        ExpressionSyntax? body = method switch
        {
            { ExpressionBody: { } arrow } => arrow.Expression,
            { Body.Statements: [ReturnStatementSyntax { Expression: { } returned }] } => returned,
            { Body.Statements: [ExpressionStatementSyntax { Expression: { } expression }] } => expression,
            _ => null,
        };
        if (body is null)
        {
            problems.Add($"{where}: the body must be a single expression or a single return/expression statement.");
            return problems;
        }

        foreach (var node in body.DescendantNodesAndSelf())
        {
            if (!Allowed.Contains(node.Kind()))
            {
                problems.Add($"{where}: '{node.Kind()}' ({Shorten(node.ToString())}) is logic, not a delegation.");
            }
        }

        var calls = body.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>()
            .Where(c => c.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: Adapter })
            .ToList();
        if (calls.Count != 1)
        {
            problems.Add($"{where}: makes {calls.Count} calls; a trigger delegates with exactly one (plus .{Adapter}()).");
        }
        else if (calls[0].Expression is not MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax target } || IsParameter(method, target.Identifier.ValueText))
        {
            problems.Add($"{where}: the call must be on an injected service (a constructor parameter), not '{Shorten(calls[0].Expression.ToString())}'.");
        }

        return problems;
    }

    /// <summary>Problems of a whole file: trigger classes hold functions, constants and their constructor only.</summary>
    public static IReadOnlyList<string> FileProblems(SyntaxTree tree)
    {
        var problems = new List<string>();
        foreach (var type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            foreach (var member in type.Members)
            {
                var allowed = member switch
                {
                    MethodDeclarationSyntax method => FunctionsSource.Attribute(method, "Function") is not null,
                    FieldDeclarationSyntax field => field.Modifiers.Any(SyntaxKind.ConstKeyword),
                    _ => false,
                };
                if (!allowed)
                {
                    problems.Add($"{FunctionsSource.Location(member)}: only [Function] methods and constants belong in a trigger class ({Shorten(member.ToString())}).");
                }
            }

            problems.AddRange(type.Members.OfType<MethodDeclarationSyntax>().SelectMany(Problems));
        }

        return problems;
    }

    public static IReadOnlyList<string> ProblemsOf(string source) =>
        FileProblems(CSharpSyntaxTree.ParseText(source, path: "Sample.cs"));

    private static bool IsParameter(MethodDeclarationSyntax method, string name) =>
        method.ParameterList.Parameters.Any(p => p.Identifier.ValueText == name);

    private static string Shorten(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
        return line.Length > 80 ? line[..79] + "…" : line;
    }
}
