using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MerchantApi.Operations;

namespace MerchantApi.Completion;

/// <summary>Tab completion of the values the provider documents for a parameter: those starting with what was typed.</summary>
public abstract class DocumentedValueCompleter : IArgumentCompleter
{
    private protected DocumentedValueCompleter()
    {
    }

    private protected abstract IReadOnlyList<string> Values { get; }

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        return Values.Where(value => value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            .Select(value => new CompletionResult(value, value, CompletionResultType.ParameterValue, value));
    }
}

/// <summary>The operation types (<see cref="OperationSchema.Types"/>).</summary>
public sealed class OperationTypeCompleter : DocumentedValueCompleter
{
    private protected override IReadOnlyList<string> Values => OperationSchema.Types;
}

/// <summary>The operation statuses (<see cref="OperationSchema.Statuses"/>).</summary>
public sealed class OperationStatusCompleter : DocumentedValueCompleter
{
    private protected override IReadOnlyList<string> Values => OperationSchema.Statuses;
}
